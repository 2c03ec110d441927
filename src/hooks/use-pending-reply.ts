"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { type MessageRow, toChatMessage } from "@/components/chat/to-chat-message";
import type { ChatMessage } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";

const POLL_MS = 2_000;
const GIVE_UP_MS = 120_000;

type Options = {
  threadId: string;
  /** True when nothing is in flight, there is no error, and the last message is the user's. */
  waiting: boolean;
  onReply: (messages: ChatMessage[]) => void;
};

/**
 * A thread opened while its reply is still being written (a reload mid-stream) has no reply yet:
 * the server saves it when it ends. Poll until it shows up, then hand over the saved messages.
 */
export function usePendingReply({ threadId, waiting, onReply }: Options): "waiting" | "missing" | null {
  const trpc = useTRPC();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [gaveUp, setGaveUp] = useState(false);

  if (waiting && startedAt === null) setStartedAt(Date.now());
  if (!waiting && startedAt !== null) {
    setStartedAt(null);
    setGaveUp(false);
  }

  const polling = waiting && !gaveUp;
  const { data } = useQuery({
    ...trpc.messages.list.queryOptions({ threadId }),
    enabled: polling,
    refetchInterval: polling ? POLL_MS : false,
    staleTime: 0,
  });

  useEffect(() => {
    if (!polling || startedAt === null) return;
    const t = setTimeout(() => setGaveUp(true), Math.max(0, startedAt + GIVE_UP_MS - Date.now()));
    return () => clearTimeout(t);
  }, [polling, startedAt]);

  useEffect(() => {
    const rows: MessageRow[] | undefined = data?.items;
    if (!polling || rows?.at(-1)?.role !== "assistant") return;
    onReply(rows.map(toChatMessage));
  }, [data, polling, onReply]);

  if (!waiting) return null;
  return gaveUp ? "missing" : "waiting";
}
