import { Skeleton } from "@/components/ui/skeleton";

export default function ThreadLoading() {
  return (
    <div className="flex min-h-0 flex-1 flex-col" aria-busy="true" aria-label="Loading chat">
      <div className="flex h-14 shrink-0 items-center px-4 pl-14 md:px-6">
        <Skeleton className="h-4 w-40" />
      </div>
      <div className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-8 px-4 pt-6 md:px-6">
        <Skeleton className="ml-auto h-11 w-2/3 rounded-2xl sm:w-1/2" />
        <div className="space-y-3">
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-11/12" />
          <Skeleton className="h-4 w-3/4" />
        </div>
        <Skeleton className="ml-auto h-11 w-1/2 rounded-2xl sm:w-1/3" />
        <div className="space-y-3">
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </div>
      </div>
      <div className="mx-auto w-full max-w-3xl px-3 pb-3 md:px-6 md:pb-5">
        <Skeleton className="h-[104px] w-full rounded-3xl" />
      </div>
    </div>
  );
}
