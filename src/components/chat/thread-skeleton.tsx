import { Skeleton } from "@/components/ui/skeleton";

/** A thread page's shape while it loads, so nothing jumps when it lands. */
export function ThreadSkeleton() {
  return (
    <div data-testid="thread-loading" className="flex min-h-0 flex-1 flex-col bg-background" aria-busy="true" aria-label="Loading chat">
      <div className="flex h-14 shrink-0 items-center px-4 pl-14 md:px-6">
        <Skeleton className="h-4 w-40" />
      </div>
      <div className="min-h-0 flex-1 overflow-hidden">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 pt-4 md:px-6">
          {[0, 1].map((i) => (
            <div key={i} className="flex flex-col gap-6">
              <div className="flex justify-end">
                <Skeleton className="h-11 w-[55%] rounded-2xl rounded-br-md" />
              </div>
              <div className="flex flex-col gap-2.5">
                <Skeleton className="h-4 w-[92%]" />
                <Skeleton className="h-4 w-[85%]" />
                <Skeleton className="h-4 w-[64%]" />
              </div>
            </div>
          ))}
        </div>
      </div>
      <div className="mx-auto w-full max-w-3xl px-3 pb-3 md:px-6 md:pb-5">
        <Skeleton className="h-[104px] w-full rounded-3xl" />
      </div>
    </div>
  );
}
