"use client";

import { useQuery } from "@tanstack/react-query";
import { UNTITLED } from "@/components/threads/thread-item";
import { useTRPC } from "@/trpc/client";

/** The thread's title above the conversation; leaves room for the phone hamburger. */
export function ChatHeader({ threadId, saved }: { threadId: string; saved: boolean }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.threads.get.queryOptions({ threadId }), enabled: saved });
  const title = saved ? (data?.title ?? UNTITLED) : "";

  return (
    <header className="flex h-14 shrink-0 items-center px-4 pl-14 md:px-6">
      <h1 data-testid="chat-title" className="truncate text-sm font-medium text-foreground/80">
        {title}
      </h1>
    </header>
  );
}
