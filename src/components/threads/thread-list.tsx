"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { MessagesSquareIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useThreadNavigation } from "@/hooks/use-thread-navigation";
import { useTRPC } from "@/trpc/client";
import { groupThreads } from "./group-threads";
import { ThreadItem } from "./thread-item";
import { THREAD_LIST_INPUT, threadListPaging } from "./thread-list-query";

export function ThreadList() {
  const trpc = useTRPC();
  const pathname = usePathname();
  // The thread being opened is highlighted at once, before its page has loaded.
  const { pendingThreadId } = useThreadNavigation();
  const activeId = pendingThreadId ?? (pathname.startsWith("/chat/") ? pathname.slice("/chat/".length) : null);
  const query = useInfiniteQuery(trpc.threads.list.infiniteQueryOptions(THREAD_LIST_INPUT, threadListPaging));
  const threads = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const groups = useMemo(() => groupThreads(threads), [threads]);

  if (query.isPending) return <ThreadListSkeleton />;
  if (query.isError && threads.length === 0) {
    return (
      <div className="px-3 py-6 text-sm text-muted-foreground">
        Couldn&apos;t load your chats.{" "}
        <button type="button" className="font-medium text-foreground underline-offset-4 hover:underline" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (threads.length === 0) {
    return (
      <div data-testid="threads-empty" className="flex flex-col items-center gap-2 px-4 py-10 text-center">
        <MessagesSquareIcon className="size-5 text-muted-foreground/70" aria-hidden />
        <p className="text-sm font-medium">No chats yet</p>
        <p className="text-xs text-muted-foreground">Your conversations will show up here.</p>
      </div>
    );
  }

  return (
    <div className="space-y-5 pb-3">
      {groups.map((group) => (
        <section key={group.label} aria-label={group.label}>
          <h2 className="px-3 pb-1.5 text-xs font-medium text-muted-foreground">{group.label}</h2>
          <ul className="space-y-0.5">
            {group.threads.map((thread) => (
              <li key={thread.id}>
                <ThreadItem thread={thread} active={thread.id === activeId} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {query.hasNextPage && (
        <div className="px-1">
          <Button
            variant="ghost"
            size="sm"
            data-testid="threads-load-more"
            className="w-full text-muted-foreground"
            disabled={query.isFetchingNextPage}
            onClick={() => query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
    </div>
  );
}

function ThreadListSkeleton() {
  return (
    <div className="space-y-2 px-3 pt-1" aria-busy="true" aria-label="Loading chats">
      <Skeleton className="mb-3 h-3 w-16" />
      {[70, 85, 60, 78, 66].map((w) => (
        <Skeleton key={w} className="h-5" style={{ width: `${w}%` }} />
      ))}
    </div>
  );
}
