import type { FinishReason, LanguageModelUsage, TextStreamPart, ToolSet, UIMessage } from "ai";
import type { MessageStatus } from "@/lib/chat/message";

/** How long text deltas are gathered into one frame. The first delta is always sent at once. */
export const FRAME_MS = 30;

export type RecordedReply = {
  parts: UIMessage["parts"];
  text: string;
  status: MessageStatus;
  finishReason?: FinishReason;
  usage?: LanguageModelUsage;
  error?: unknown;
};

/**
 * Sits in `streamText`'s transform slot. It keeps the reply's text as it streams (so a stop,
 * an error or a vanished client still leaves the partial reply to save) and coalesces text
 * deltas into ~30 ms frames, which cuts the per-chunk work of every later stream stage.
 */
export class ReplyRecorder {
  private text = "";
  private reasoning = "";
  private finishReason?: FinishReason;
  private usage?: LanguageModelUsage;
  private error?: unknown;
  private aborted = false;
  stopRequested = false;

  readonly transform = () => {
    let pending: { type: "text-delta"; id: string; text: string; providerMetadata?: unknown } | undefined;
    let lastEmit = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ctrl: TransformStreamDefaultController<TextStreamPart<ToolSet>> | undefined;
    let closed = false;

    const emitPending = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!pending) return;
      const part = pending as TextStreamPart<ToolSet>;
      pending = undefined;
      lastEmit = performance.now();
      if (closed) return;
      try {
        ctrl!.enqueue(part);
      } catch {
        closed = true; // the stream errored or was cancelled; the text is already recorded
      }
    };

    return new TransformStream<TextStreamPart<ToolSet>, TextStreamPart<ToolSet>>({
      start: (c) => {
        ctrl = c;
      },
      transform: (part, c) => {
        if (part.type === "text-delta") {
          this.text += part.text;
          if (pending && pending.id === part.id) pending.text += part.text;
          else {
            emitPending();
            pending = { ...part };
          }
          const sinceEmit = performance.now() - lastEmit;
          if (sinceEmit >= FRAME_MS) emitPending();
          else timer ??= setTimeout(emitPending, FRAME_MS - sinceEmit);
          return;
        }
        if (part.type === "reasoning-delta") this.reasoning += part.text;
        else if (part.type === "finish") {
          this.finishReason = part.finishReason;
          this.usage = part.totalUsage;
        } else if (part.type === "error") this.error ??= part.error;
        else if (part.type === "abort") this.aborted = true;
        emitPending();
        c.enqueue(part);
      },
      flush: () => {
        emitPending();
        closed = true;
      },
    });
  };

  /** What to save once the stream has ended, however it ended. */
  result(): RecordedReply {
    const parts: UIMessage["parts"] = [];
    if (this.reasoning) parts.push({ type: "reasoning", text: this.reasoning, state: "done" });
    if (this.text) parts.push({ type: "text", text: this.text, state: "done" });
    let status: MessageStatus;
    if (this.stopRequested) status = "stopped";
    else if (this.error !== undefined || this.aborted) status = "error";
    else if (this.finishReason) status = this.finishReason === "error" ? "error" : "complete";
    else status = "error";
    return {
      parts,
      text: this.text,
      status,
      finishReason: this.finishReason,
      usage: this.usage,
      error: this.error ?? (this.aborted && !this.stopRequested ? new Error("timed out") : undefined),
    };
  }
}
