"use client";

import type { ChatStatus } from "ai";
import { ArrowDownIcon, ArrowUpIcon, Loader2Icon } from "lucide-react";
import { type Ref, useImperativeHandle, useLayoutEffect, useReducer, useRef, useState } from "react";
import { Virtualizer, type VirtualizerHandle } from "virtua";
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
  ref?: Ref<MessageListHandle>;
};

export type MessageListHandle = {
  /** Brings a loaded message to the middle of the view (rendering it first); false if it is not loaded. */
  scrollToMessage: (id: string) => boolean;
  /** To the newest message, following it again (a message sent). */
  scrollToBottom: () => void;
};

/** Older pages start loading when the reader is this close to the top. */
const LOAD_OLDER_PX = 800;

const RETRYABLE: MessageStatus[] = ["error", "interrupted"];

function liveStatus(message: ChatMessage, isLast: boolean, chatStatus: ChatStatus, error?: string): MessageStatus {
  if (isLast && message.role === "assistant") {
    if (chatStatus === "streaming" || chatStatus === "submitted") return "streaming";
    if (error) return "error";
  }
  return message.metadata?.status ?? "complete";
}

/**
 * The thread, virtualized (virtua): only the messages near the view are in the page, so a thread
 * of thousands scrolls like one of ten. It opens at the newest message and stays there while a
 * reply streams (useStickToBottom), unless the reader scrolled up: then what they read stays put.
 * Scrolling near the top loads the earlier page, which goes in above without moving the view.
 */
export function MessageList({ messages, chatStatus, error, reconnecting = false, onRetry, errorAction, older, branching, highlightedId, ref }: Props) {
  const { scrollRef, contentRef, isAtBottom, scrollToBottom, release } = useStickToBottom();
  // The server-rendered button does nothing until the page is hydrated: a click then would be lost.
  const hydrated = useHydrated();
  const list = useRef<VirtualizerHandle>(null);

  // Earlier messages went in at the start (not a branch switched, which replaces them all): the
  // virtualizer keeps the view where it was, counted from the end.
  const firstId = messages[0]?.id;
  const shownFirst = useRef(firstId);
  const shift = firstId !== shownFirst.current && shownFirst.current !== undefined && messages.some((m, i) => i > 0 && m.id === shownFirst.current);
  // And only for that render: left on, a later change of size (a message measured, one scrolled
  // to) would be kept from the end too, and pull the view back down.
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => {
    shownFirst.current = firstId;
    if (shift) rerender();
  }, [firstId, shift]);

  // What is above the list (the padding, "Load earlier messages") is the virtualizer's start margin.
  const head = useRef<HTMLDivElement>(null);
  const [startMargin, setStartMargin] = useState(0);
  const startMarginRef = useRef(0);
  startMarginRef.current = startMargin;
  useLayoutEffect(() => {
    const el = head.current;
    if (el) setStartMargin(el.offsetTop + el.offsetHeight);
  }, [older?.hasOlder]);

  const loadOlder = () => older?.loadOlder();
  const onScroll = (offset: number) => {
    if (offset < LOAD_OLDER_PX && older?.hasOlder && !older.loadingOlder) older.loadOlder();
  };

  const ids = useRef(messages);
  ids.current = messages;
  useImperativeHandle(
    ref,
    () => ({
      scrollToBottom,
      scrollToMessage: (id) => {
        const index = ids.current.findIndex((m) => m.id === id);
        if (index < 0 || !list.current) return false;
        release();
        // The middle of the view on it, placed again over a few frames: the messages around it
        // are measured as they render, and their sizes move it. (The virtualizer's own
        // scrollToIndex left the view where it was right after a page went in above.)
        let frames = 6;
        const place = () => {
          const el = scrollRef.current;
          const v = list.current;
          if (!el || !v) return;
          el.scrollTop = startMarginRef.current + v.getItemOffset(index) - (el.clientHeight - v.getItemSize(index)) / 2;
          if (--frames > 0) requestAnimationFrame(place);
        };
        requestAnimationFrame(place);
        return true;
      },
    }),
    [release, scrollToBottom, scrollRef],
  );

  const last = messages.at(-1);
  const busy = chatStatus === "submitted" || chatStatus === "streaming";

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scrollRef} className="scrollbar-thin h-full overflow-y-auto overscroll-contain" aria-live="off">
        <div ref={contentRef} data-testid="message-list" data-loaded={messages.length} className="mx-auto w-full max-w-3xl px-4 pt-4 pb-10 md:px-6">
          <div ref={head}>
            {older?.hasOlder && (
              <div className="flex justify-center pb-6">
                <Button variant="outline" size="sm" data-testid="load-older" className="h-8 rounded-full" disabled={!hydrated || older.loadingOlder} onClick={loadOlder}>
                  {older.loadingOlder ? <Loader2Icon className="size-3.5 animate-spin" aria-hidden /> : <ArrowUpIcon className="size-3.5" aria-hidden />}
                  Load earlier messages
                </Button>
              </div>
            )}
          </div>
          {/* The server renders the first page whole (ssrCount), and the browser virtualizes it once
              hydrated, in a new virtualizer: one mounted with ssrCount keeps rendering only those
              items until the first scroll, which a thread shorter than the view never has. */}
          <Virtualizer
            key={hydrated ? "client" : "server"}
            ref={list}
            scrollRef={scrollRef}
            startMargin={startMargin}
            shift={shift}
            ssrCount={hydrated ? undefined : messages.length}
            bufferSize={600}
            onScroll={onScroll}
          >
            {messages.map((message, i) => {
              const isLast = i === messages.length - 1;
              const status = liveStatus(message, isLast, chatStatus, error);
              const canRetry = isLast && !busy && message.role === "assistant" && RETRYABLE.includes(status);
              return (
                // The gap between messages is each one's padding: the virtualizer places them itself.
                <div key={message.id} className={isLast ? undefined : "pb-6"}>
                  <MessageItem
                    message={message}
                    status={status}
                    error={isLast && status === "error" ? error : undefined}
                    onRetry={canRetry ? onRetry : undefined}
                    branching={branching}
                    highlighted={highlightedId === message.id}
                  />
                </div>
              );
            })}
          </Virtualizer>
          <div className="flex flex-col gap-6 empty:hidden [&:not(:empty)]:pt-6">
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
