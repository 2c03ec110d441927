"use client";

import type { ChatStatus } from "ai";
import { ArrowDownIcon, ArrowUpIcon, Loader2Icon } from "lucide-react";
import { useEffect, useLayoutEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/hooks/use-hydrated";
import { useStickToBottom } from "@/hooks/use-stick-to-bottom";
import type { ChatMessage, MessageStatus } from "@/lib/chat/message";
import { MessageError } from "./message-error";
import { type MessageBranching, MessageItem, TypingDots } from "./message-item";

type Props = {
  messages: ChatMessage[];
  chatStatus: ChatStatus;
  /** The masked text of the current request's error, if it failed. */
  error?: string;
  /** The connection dropped mid-reply and is being made again. */
  reconnecting?: boolean;
  onRetry: () => void;
  /** Instead of Retry under a refused message (a Sidekiq that is gone: "Continue without it"). */
  errorAction?: { label: string; onClick: () => void };
  /** Earlier pages of a long thread. */
  older?: { hasOlder: boolean; loadingOlder: boolean; loadOlder: () => void };
  /** Edit, regenerate, switch versions and fork. */
  branching?: MessageBranching;
  /** A message just opened from search: marked for a moment. */
  highlightedId?: string | null;
};

const RETRYABLE: MessageStatus[] = ["error", "interrupted"];

function liveStatus(message: ChatMessage, isLast: boolean, chatStatus: ChatStatus, error?: string): MessageStatus {
  if (isLast && message.role === "assistant") {
    if (chatStatus === "streaming" || chatStatus === "submitted") return "streaming";
    if (error) return "error";
  }
  return message.metadata?.status ?? "complete";
}

export function MessageList({ messages, chatStatus, error, reconnecting = false, onRetry, errorAction, older, branching, highlightedId }: Props) {
  const { scrollRef, contentRef, isAtBottom, scrollToBottom } = useStickToBottom();
  // The server-rendered button does nothing until the page is hydrated: a click then would be lost.
  const hydrated = useHydrated();

  // Earlier messages go in above what the reader is looking at: keep it in place.
  const fromBottom = useRef<number | null>(null);
  const firstId = messages[0]?.id;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || fromBottom.current === null) return;
    el.scrollTop = el.scrollHeight - fromBottom.current;
    fromBottom.current = null;
  }, [firstId, scrollRef]);
  const loadOlder = () => {
    const el = scrollRef.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
    older?.loadOlder();
  };
  const last = messages.at(-1);
  const busy = chatStatus === "submitted" || chatStatus === "streaming";

  // Sending a message always brings the conversation back into view.
  const lastUserId = messages.findLast((m) => m.role === "user")?.id;
  useEffect(() => {
    if (lastUserId) scrollToBottom();
  }, [lastUserId, scrollToBottom]);

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scrollRef} className="scrollbar-thin h-full overflow-y-auto overscroll-contain" aria-live="off">
        <div ref={contentRef} className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 pt-4 pb-10 md:px-6">
          {older?.hasOlder && (
            <div className="flex justify-center">
              <Button
                variant="outline"
                size="sm"
                data-testid="load-older"
                className="h-8 rounded-full"
                disabled={!hydrated || older.loadingOlder}
                onClick={loadOlder}
              >
                {older.loadingOlder ? <Loader2Icon className="size-3.5 animate-spin" aria-hidden /> : <ArrowUpIcon className="size-3.5" aria-hidden />}
                Load earlier messages
              </Button>
            </div>
          )}
          {messages.map((message, i) => {
            const isLast = i === messages.length - 1;
            const status = liveStatus(message, isLast, chatStatus, error);
            const canRetry = isLast && !busy && message.role === "assistant" && RETRYABLE.includes(status);
            return (
              <MessageItem
                key={message.id}
                message={message}
                status={status}
                error={isLast && status === "error" ? error : undefined}
                onRetry={canRetry ? onRetry : undefined}
                branching={branching}
                highlighted={highlightedId === message.id}
              />
            );
          })}
          {chatStatus === "submitted" && last?.role === "user" && (
            <div className="-mt-2">
              <TypingDots />
            </div>
          )}
          {error && !busy && last?.role === "user" && <MessageError message={error} onRetry={onRetry} action={errorAction} />}
          {reconnecting && (
            <p data-testid="reconnecting" role="status" className="-mt-3 flex items-center gap-1.5 text-xs text-muted-foreground">
              <Loader2Icon className="size-3.5 animate-spin" aria-hidden /> Connection lost. Reconnecting…
            </p>
          )}
        </div>
      </div>
      {!isAtBottom && (
        <Button
          variant="outline"
          size="sm"
          data-testid="jump-to-latest"
          aria-label="Jump to latest message"
          className="absolute bottom-4 left-1/2 z-10 h-8 -translate-x-1/2 rounded-full bg-background/95 shadow-md backdrop-blur animate-in fade-in-0 slide-in-from-bottom-2 dark:bg-card/95"
          onClick={() => scrollToBottom("smooth")}
        >
          <ArrowDownIcon className="size-3.5" aria-hidden />
          Jump to latest
        </Button>
      )}
    </div>
  );
}
