"use client";

import { ArrowUpIcon, SquareIcon } from "lucide-react";
import { useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/request";
import { cn } from "@/lib/utils";

export type ComposerHandle = { setDraft: (text: string) => void; focus: () => void };

type Props = {
  ref?: React.Ref<ComposerHandle>;
  /** A request is in flight: sending is off and Stop replaces Send. */
  busy: boolean;
  /** Nothing can be sent (no model chosen or available). */
  disabled?: boolean;
  /** Placeholder explaining why it is disabled. */
  disabledHint?: string;
  onSend: (text: string) => void;
  onStop: () => void;
  toolbar?: React.ReactNode;
};

const MAX_HEIGHT_PX = 240;
const WARN_AT = MAX_MESSAGE_CHARS * 0.9;
const fmt = (n: number) => n.toLocaleString("en-US");

export function Composer({ ref, busy, disabled = false, disabledHint, onSend, onStop, toolbar }: Props) {
  const [draft, setDraft] = useState("");
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const length = draft.length;
  const tooLong = length > MAX_MESSAGE_CHARS;
  const canSend = !busy && !disabled && draft.trim().length > 0 && !tooLong;

  useImperativeHandle(ref, () => ({
    setDraft: (text) => {
      setDraft(text);
      requestAnimationFrame(() => {
        const el = textareaRef.current;
        el?.focus();
        el?.setSelectionRange(text.length, text.length);
      });
    },
    focus: () => textareaRef.current?.focus(),
  }));

  // Grow with the text up to a cap, then scroll inside.
  useLayoutEffect(() => {
    const el = textareaRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [draft]);

  // Give focus back once the reply is done (the field is disabled while it streams).
  const wasBusy = useRef(busy);
  useLayoutEffect(() => {
    if (wasBusy.current && !busy) textareaRef.current?.focus();
    wasBusy.current = busy;
  }, [busy]);

  function submit() {
    if (!canSend) return;
    onSend(draft.trim());
    setDraft("");
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME candidate (Japanese, Chinese…) must not send.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="mx-auto w-full max-w-3xl px-3 pb-3 md:px-6 md:pb-5"
    >
      <div
        className={cn(
          "rounded-3xl border bg-card shadow-[0_1px_2px_rgb(0_0_0/0.04),0_4px_16px_-4px_rgb(0_0_0/0.06)] transition-[border-color,box-shadow] dark:shadow-none",
          "focus-within:border-ring/60 focus-within:ring-4 focus-within:ring-ring/10",
          tooLong && "border-destructive/60 focus-within:border-destructive/60 focus-within:ring-destructive/10",
        )}
      >
        <label htmlFor="composer-input" className="sr-only">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={textareaRef}
          data-testid="composer-input"
          rows={1}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          disabled={busy || disabled}
          placeholder={disabledHint ?? "Message Sidekiq…"}
          aria-invalid={tooLong || undefined}
          aria-describedby={length >= WARN_AT ? "composer-limit" : undefined}
          className="scrollbar-thin block max-h-60 min-h-[52px] w-full resize-none bg-transparent px-5 pt-4 pb-1 text-base leading-6 outline-none placeholder:text-muted-foreground/80 disabled:cursor-not-allowed disabled:opacity-60"
        />
        <div className="flex items-center gap-2 px-2.5 pt-1 pb-2.5">
          <div className="min-w-0 flex-1">{toolbar}</div>
          {length >= WARN_AT && (
            <span
              id="composer-limit"
              data-testid="char-limit"
              aria-live="polite"
              className={cn("shrink-0 text-xs tabular-nums", tooLong ? "text-destructive" : "text-muted-foreground")}
            >
              {tooLong
                ? `Messages are limited to ${fmt(MAX_MESSAGE_CHARS)} characters (${fmt(length)} now)`
                : `${fmt(length)} / ${fmt(MAX_MESSAGE_CHARS)}`}
            </span>
          )}
          {busy ? (
            <Button
              type="button"
              size="icon-sm"
              data-testid="stop-button"
              aria-label="Stop generating"
              className="rounded-full"
              onClick={onStop}
            >
              <SquareIcon className="size-3 fill-current" />
            </Button>
          ) : (
            <Button
              type="submit"
              size="icon-sm"
              variant="brand"
              data-testid="send-button"
              aria-label="Send message"
              className="rounded-full disabled:bg-muted-foreground/30 disabled:text-background disabled:opacity-100"
              disabled={!canSend}
            >
              <ArrowUpIcon className="size-4" strokeWidth={2.5} />
            </Button>
          )}
        </div>
      </div>
      <p className="mt-2 hidden text-center text-xs text-muted-foreground/80 sm:block">
        Enter to send · Shift + Enter for a new line · Replies can be wrong, so check what matters.
      </p>
    </form>
  );
}
