"use client";

import { ArrowUpIcon, SquareIcon } from "lucide-react";
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from "react";
import { useShortcut } from "@/hooks/use-shortcut";
import { Button } from "@/components/ui/button";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/request";
import { cn } from "@/lib/utils";

export type ComposerHandle = { setDraft: (text: string) => void; focus: () => void };

export type MentionItem = { id: string; label: string; description?: string; icon?: React.ReactNode };

/** Typing "@" offers these (a new chat's Sidekiqs): arrows move, Enter or Tab picks, Esc closes. */
export type Mention = {
  items: MentionItem[];
  /** The text after "@" while one is being typed, or null. */
  onQuery: (query: string | null) => void;
  onPick: (id: string) => void;
};

const MENTION = /(?:^|\s)@([^\s@]{0,40})$/;

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
  mention?: Mention;
  placeholder?: string;
  /** Text to start with (a Sidekiq's starter picked on its page). */
  initialDraft?: string;
};

const MAX_HEIGHT_PX = 240;
const WARN_AT = MAX_MESSAGE_CHARS * 0.9;
const fmt = (n: number) => n.toLocaleString("en-US");

export function Composer({ ref, busy, disabled = false, disabledHint, onSend, onStop, toolbar, mention, placeholder, initialDraft = "" }: Props) {
  const [draft, setDraft] = useState(initialDraft);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const mentionMatch = mention ? MENTION.exec(draft.slice(0, caret)) : null;
  const mentionQuery = mentionMatch && dismissed !== draft ? mentionMatch[1]! : null;
  const onQuery = mention?.onQuery;
  useEffect(() => onQuery?.(mentionQuery), [onQuery, mentionQuery]);
  const choices = mentionQuery !== null ? (mention?.items ?? []) : [];
  const open = choices.length > 0;
  const activeIndex = Math.min(active, Math.max(choices.length - 1, 0));

  function pick(id: string) {
    if (!mentionMatch) return;
    const start = caret - mentionMatch[1]!.length - 1;
    const next = (draft.slice(0, start) + draft.slice(caret)).replace(/^\s+/, "");
    setDraft(next);
    setActive(0);
    mention?.onPick(id);
    requestAnimationFrame(() => textareaRef.current?.focus());
  }
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

  useShortcut("focus-composer", () => textareaRef.current?.focus());

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
    if (open) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive((activeIndex + step + choices.length) % choices.length);
        return;
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && !e.nativeEvent.isComposing) {
        e.preventDefault();
        pick(choices[activeIndex]!.id);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setDismissed(draft);
        return;
      }
    }
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
      <div className="relative">
      {open && (
        <ul
          id="mention-list"
          role="listbox"
          aria-label="Sidekiqs"
          data-testid="mention-list"
          className="absolute inset-x-0 bottom-full z-20 mb-2 max-h-72 overflow-y-auto rounded-2xl border bg-popover p-1.5 text-popover-foreground shadow-lg"
        >
          {choices.map((item, i) => (
            <li
              key={item.id}
              id={`mention-${item.id}`}
              role="option"
              aria-selected={i === activeIndex}
              data-testid="mention-option"
              onMouseDown={(e) => {
                e.preventDefault();
                pick(item.id);
              }}
              onMouseEnter={() => setActive(i)}
              className={cn("flex cursor-pointer items-center gap-3 rounded-xl px-2.5 py-2", i === activeIndex && "bg-accent")}
            >
              {item.icon}
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium">{item.label}</span>
                {item.description && <span className="block truncate text-xs text-muted-foreground">{item.description}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
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
          onChange={(e) => {
            setDraft(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          role={mention ? "combobox" : undefined}
          aria-expanded={mention ? open : undefined}
          aria-controls={mention ? "mention-list" : undefined}
          aria-autocomplete={mention ? "list" : undefined}
          aria-activedescendant={open ? `mention-${choices[activeIndex]!.id}` : undefined}
          onKeyDown={onKeyDown}
          disabled={busy || disabled}
          placeholder={disabledHint ?? placeholder ?? "Message Sidekiq…"}
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
      </div>
      <p className="mt-2 hidden text-center text-xs text-muted-foreground/80 sm:block">
        Enter to send · Shift + Enter for a new line · Replies can be wrong, so check what matters.
      </p>
    </form>
  );
}
