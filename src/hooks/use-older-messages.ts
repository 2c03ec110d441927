"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { toChatMessage } from "@/components/chat/to-chat-message";
import type { ChatMessage } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";

type Options = {
  threadId: string;
  /** Where the page before the first one starts (a message id on the active path); null when the path was whole. */
  initialCursor: string | null;
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
};

/** A long thread opens on its newest page; this loads the pages before it, one at a time, on request. */
export function useOlderMessages({ threadId, initialCursor, setMessages }: Options) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState(initialCursor);

  const load = useMutation({
    mutationFn: (before: string) => queryClient.fetchQuery({ ...trpc.messages.list.queryOptions({ threadId, cursor: before }), staleTime: 0 }),
    onSuccess: (page) => {
      setMessages((current) => {
        const have = new Set(current.map((m) => m.id));
        return [...page.items.filter((row) => !have.has(row.id)).map(toChatMessage), ...current];
      });
      setCursor(page.nextCursor);
    },
    onError: () => toast.error("Couldn't load earlier messages. Try again."),
  });

  const { mutate, isPending } = load;
  const loadOlder = useCallback(() => {
    if (cursor != null && !isPending) mutate(cursor);
  }, [cursor, isPending, mutate]);

  /** `restart`: another branch is shown, from its newest page. */
  return { hasOlder: cursor != null, loadingOlder: isPending, loadOlder, restart: setCursor };
}
