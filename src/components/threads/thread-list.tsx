"use client";

import { useDroppable } from "@dnd-kit/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { MessagesSquareIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useEffect, useMemo, useRef } from "react";
import { cn } from "@/lib/utils";
import { dropId } from "./folder-list";
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
  // The list itself takes chats dropped out of a folder.
  const root = useDroppable({ id: dropId(null) });
  // The next page loads as the end of the list scrolls into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

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
      <div ref={root.setNodeRef} data-testid="threads-empty" className={cn("flex flex-col items-center gap-2 rounded-lg px-4 py-10 text-center", root.isOver && "bg-brand/5 ring-1 ring-brand/30")}>
        <MessagesSquareIcon className="size-5 text-muted-foreground/70" aria-hidden />
        <p className="text-sm font-medium">No chats yet</p>
        <p className="text-xs text-muted-foreground">Your conversations will show up here.</p>
      </div>
    );
  }

  return (
    <div ref={root.setNodeRef} data-testid="thread-root" data-drop-over={root.isOver || undefined} className={cn("space-y-5 rounded-lg pb-3", root.isOver && "bg-brand/5 ring-1 ring-brand/30")}>
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
        <div className="px-1" ref={sentinel}>
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
