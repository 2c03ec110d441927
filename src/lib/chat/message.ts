import type { UIMessage } from "ai";

export const MESSAGE_STATUSES = ["streaming", "complete", "error", "stopped", "interrupted"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageRole = "user" | "assistant" | "system";

/** What a reply that did not complete says, stored on its row and shown with it. */
export const REPLY_ERRORS = {
  failed: "The model provider failed. Try again.",
  timedOut: "The model stopped responding. Try again.",
  interrupted: "This reply was interrupted before it finished.",
} as const;

/** Metadata the server attaches to every message, stored and streamed. */
export type ChatMessageMetadata = {
  modelId?: string;
  createdAt?: string;
  status?: MessageStatus;
  inputTokens?: number;
  outputTokens?: number;
  error?: string;
  /** A reply answered with a Sidekiq: which one, and the version of its instructions. */
  sidekiqId?: string;
  sidekiqVersion?: number;
  /** Where it sits in the thread's tree (as saved): its parent, and its siblings with itself, oldest first. */
  parentId?: string | null;
  siblingIds?: string[];
  /** A reply whose thread did not fit the model's context window: how many of the oldest messages it was not sent. */
  contextOmitted?: number;
  /** The browser's own id of a user message it sent. */
  clientMessageId?: string;
};

/** Typed data parts the server may stream besides text. */
export type ChatDataParts = {
  "thread-title": { threadId: string; title: string };
};

export type ChatMessage = UIMessage<ChatMessageMetadata, ChatDataParts>;

/** Plain text of a message's text parts, for search, titles and length limits. */
export function messageText(parts: ReadonlyArray<{ type: string; text?: string }>): string {
  let out = "";
  for (const part of parts) {
    if (part.type === "text" && typeof part.text === "string") out += (out ? "\n" : "") + part.text;
  }
  return out;
}
