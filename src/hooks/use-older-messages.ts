"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { toChatMessage } from "@/components/chat/to-chat-message";
import type { ChatMessage } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";

type Options = {
  threadId: string;
  /** Where the page before the first one starts (a message id on the active path); null when the path was whole. */
  initialCursor: string | null;
  messages: ChatMessage[];
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
};

/** A long thread opens on its newest page; this loads the pages before it, one at a time, on request. */
export function useOlderMessages({ threadId, initialCursor, messages, setMessages }: Options) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState(initialCursor);
  // The first message of the page just loaded, until it is in `messages`: they reach React through
  // useChat's throttle, after the cursor has moved on, and in between the page is neither here nor
  // pending (a jump to a message would conclude it is not in the thread).
  const [arriving, setArriving] = useState<string | null>(null);

  const load = useMutation({
    mutationFn: (before: string) => queryClient.fetchQuery({ ...trpc.messages.list.queryOptions({ threadId, cursor: before }), staleTime: 0 }),
    onSuccess: (page) => {
      let first: string | null = null;
      setMessages((current) => {
        const have = new Set(current.map((m) => m.id));
        const added = page.items.filter((row) => !have.has(row.id)).map(toChatMessage);
        first = added[0]?.id ?? null;
        return [...added, ...current];
      });
      setArriving(first);
      setCursor(page.nextCursor);
    },
    onError: () => toast.error("Couldn't load earlier messages. Try again."),
  });

  const { mutate } = load;
  const arrived = arriving !== null && messages.some((m) => m.id === arriving);
  useEffect(() => {
    if (arrived) setArriving(null);
  }, [arrived]);
  const loadingOlder = load.isPending || (arriving !== null && !arrived);
  const loadOlder = useCallback(() => {
    if (cursor != null && !loadingOlder) mutate(cursor);
  }, [cursor, loadingOlder, mutate]);
  const restart = useCallback((next: string | null) => {
    setArriving(null);
    setCursor(next);
  }, []);

  /** `restart`: another branch is shown, from its newest page. */
  return { hasOlder: cursor != null, loadingOlder, loadOlder, restart };
}
