import type { FinishReason, LanguageModelUsage, TextStreamPart, ToolSet, UIMessage } from "ai";
import type { MessageStatus } from "@/lib/chat/message";

export type RecordedReply = {
  parts: UIMessage["parts"];
  text: string;
  status: MessageStatus;
  finishReason?: FinishReason;
  usage?: LanguageModelUsage;
  error?: unknown;
};

/**
 * Keeps the reply as it streams, so a stop, a provider error or a vanished client still leaves
 * the partial reply (and how it ended) to save.
 */
export class ReplyRecorder {
  private text = "";
  private reasoning = "";
  private finishReason?: FinishReason;
  private usage?: LanguageModelUsage;
  private error?: unknown;
  private aborted = false;
  stopRequested = false;

  record(part: TextStreamPart<ToolSet>): void {
    switch (part.type) {
      case "text-delta":
        this.text += part.text;
        break;
      case "reasoning-delta":
        this.reasoning += part.text;
        break;
      case "finish":
        this.finishReason = part.finishReason;
        this.usage = part.totalUsage;
        break;
      case "error":
        this.error ??= part.error;
        break;
      case "abort":
        this.aborted = true;
        break;
    }
  }

  /** The stream broke off with an exception rather than an error part. */
  fail(error: unknown): void {
    this.error ??= error;
  }

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
