"use client";

import { CircleStopIcon, HistoryIcon } from "lucide-react";
import { memo, useState } from "react";
import { type ChatMessage, type MessageStatus, messageText, REPLY_ERRORS } from "@/lib/chat/message";
import type { ModelInfo } from "@/lib/models";
import { cn } from "@/lib/utils";
import { BranchSwitcher, EditButton, ForkButton, MessageEditor, RegenerateMenu } from "./branch-controls";
import { Markdown } from "./markdown";
import { MessageActions } from "./message-actions";
import { MessageError } from "./message-error";

/** What can be done with a message's branches: one object for the whole list (kept stable). */
export type MessageBranching = {
  /** A reply is on its way: nothing may switch, edit or regenerate until it is saved. */
  busy: boolean;
  models?: ModelInfo[];
  onSwitch: (message: ChatMessage, siblingId: string) => void;
  onEdit: (message: ChatMessage, text: string) => void;
  onRegenerate: (message: ChatMessage, modelId: string) => void;
  onFork: (message: ChatMessage) => void;
};

type Props = {
  message: ChatMessage;
  branching?: MessageBranching;
  /** What the message shows as: its saved status, or the live state of the request for the last reply. */
  status: MessageStatus;
  error?: string;
  onRetry?: () => void;
  /** Just opened from search: marked for a moment. */
  highlighted?: boolean;
};

const DEFAULT_ERRORS: Partial<Record<MessageStatus, string>> = { error: REPLY_ERRORS.failed, interrupted: REPLY_ERRORS.interrupted };

export const MessageItem = memo(function MessageItem({ message, status, error, onRetry, branching, highlighted = false }: Props) {
  const text = messageText(message.parts);
  const isUser = message.role === "user";
  const [editing, setEditing] = useState(false);
  const siblings = message.metadata?.siblingIds ?? [];
  const position = siblings.indexOf(message.id);
  const locked = !branching || branching.busy;
  const switcher =
    branching && siblings.length > 1 && position >= 0 ? (
      <BranchSwitcher index={position} count={siblings.length} disabled={locked} onSwitch={(i) => branching.onSwitch(message, siblings[i]!)} />
    ) : null;

  return (
    <article
      data-testid="message"
      data-role={message.role}
      data-status={status}
      data-message-id={message.id}
      data-highlighted={highlighted || undefined}
      aria-label={isUser ? "You said" : "Assistant replied"}
      className={cn(
        "group/message -mx-3 -my-1 flex flex-col gap-1.5 rounded-xl px-3 py-1 transition-colors duration-700",
        highlighted && "bg-brand/10 ring-1 ring-brand/40 duration-150 dark:bg-brand/15",
      )}
    >
      {isUser && editing && branching ? (
        <MessageEditor
          initial={text}
          onCancel={() => setEditing(false)}
          onSave={(next) => {
            setEditing(false);
            branching.onEdit(message, next);
          }}
        />
      ) : isUser ? (
        <div className="flex justify-end">
          <div
            data-testid="message-content"
            className="max-w-[85%] rounded-2xl rounded-br-md bg-secondary px-4 py-2.5 text-[15px] leading-relaxed break-words whitespace-pre-wrap text-secondary-foreground sm:max-w-[75%] md:text-base"
          >
            {text}
          </div>
        </div>
      ) : (
        <>
          {message.metadata?.contextOmitted ? <ContextOmittedNote count={message.metadata.contextOmitted} /> : null}
          <AssistantBody message={message} text={text} status={status} />
        </>
      )}
      {(status === "error" || status === "interrupted") && (
        <MessageError message={error ?? message.metadata?.error ?? DEFAULT_ERRORS[status]!} onRetry={onRetry} />
      )}
      {status === "stopped" && (
        <p data-testid="message-stopped" className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <CircleStopIcon className="size-3.5" aria-hidden /> Stopped
        </p>
      )}
      {status !== "streaming" && (text || switcher) && !editing && (
        <MessageActions
          leading={switcher}
          text={text}
          align={isUser ? "end" : "start"}
          modelId={isUser ? undefined : message.metadata?.modelId}
          createdAt={isUser ? undefined : message.metadata?.createdAt}
          sidekiqVersion={isUser ? undefined : message.metadata?.sidekiqVersion}
          className={cn(
            "-ml-1.5 transition-opacity",
            isUser &&
              !switcher &&
              "opacity-0 group-hover/message:opacity-100 focus-within:opacity-100 [@media(hover:none)]:opacity-100",
            isUser && "-mr-1.5 ml-0",
          )}
        >
          {branching && isUser && <EditButton disabled={locked} onClick={() => setEditing(true)} />}
          {branching && !isUser && (
            <RegenerateMenu models={branching.models} modelId={message.metadata?.modelId} disabled={locked} onRegenerate={(modelId) => branching.onRegenerate(message, modelId)} />
          )}
          {branching && <ForkButton disabled={locked || !message.metadata?.siblingIds} onClick={() => branching.onFork(message)} />}
        </MessageActions>
      )}
    </article>
  );
});

/** A reply the model wrote without the oldest part of the thread: it did not fit its context window. */
function ContextOmittedNote({ count }: { count: number }) {
  const n = count.toLocaleString();
  return (
    <p
      data-testid="context-omitted"
      className="flex items-center gap-1.5 text-xs text-muted-foreground"
      title={`The model's context window could not take the whole thread: this reply was written without its ${n} oldest ${count === 1 ? "message" : "messages"}.`}
    >
      <HistoryIcon className="size-3.5 shrink-0" aria-hidden />
      Earlier messages were not sent ({n} {count === 1 ? "message" : "messages"} did not fit the model&apos;s context window)
    </p>
  );
}

function AssistantBody({ message, text, status }: { message: ChatMessage; text: string; status: MessageStatus }) {
  const streaming = status === "streaming";
  const reasoning = message.parts.flatMap((p) => (p.type === "reasoning" && p.text ? [p.text] : [])).join("\n\n");

  return (
    <div data-testid="message-content" className="min-w-0 text-base leading-7">
      {reasoning && (
        <details className="mb-3 rounded-lg border bg-muted/40 px-3 py-2 text-sm text-muted-foreground">
          <summary className="cursor-pointer select-none font-medium">{streaming && !text ? "Thinking…" : "Reasoning"}</summary>
          <div className="mt-2 whitespace-pre-wrap">{reasoning}</div>
        </details>
      )}
      {text ? <Markdown streaming={streaming}>{text}</Markdown> : streaming && !reasoning ? <TypingDots /> : null}
    </div>
  );
}

export function TypingDots() {
  return (
    <span role="status" aria-label="Writing a reply" className="inline-flex h-7 items-center gap-1">
      {[0, 150, 300].map((delay) => (
        <span
          key={delay}
          className="size-1.5 animate-bounce rounded-full bg-muted-foreground/60"
          style={{ animationDelay: `${delay}ms`, animationDuration: "1s" }}
        />
      ))}
    </span>
  );
}
