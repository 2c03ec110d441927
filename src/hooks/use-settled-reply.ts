"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { type MessageRow, toChatMessage } from "@/components/chat/to-chat-message";
import type { ChatMessage } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";

const POLL_MS = 1_500;

type Options = {
  threadId: string;
  /** The last reply shown is still `streaming`, yet nothing streams into this page. */
  waiting: boolean;
  onSettled: (messages: ChatMessage[]) => void;
};

/**
 * A reply that was streaming when the page was rendered but that the resume found no stream
 * for (it ended in between, or the connection failed): read the thread until the reply's row
 * says how it ended (complete, stopped, or interrupted by the sweeper), then hand it over.
 */
export function useSettledReply({ threadId, waiting, onSettled }: Options): void {
  const trpc = useTRPC();
  const { data } = useQuery({
    ...trpc.messages.list.queryOptions({ threadId }),
    enabled: waiting,
    refetchInterval: waiting ? POLL_MS : false,
    staleTime: 0,
  });

  useEffect(() => {
    const rows: MessageRow[] | undefined = data?.items;
    const last = rows?.at(-1);
    if (!waiting || !rows || !last || last.status === "streaming") return;
    onSettled(rows.map(toChatMessage));
  }, [data, waiting, onSettled]);
}
