import type { ModelMessage } from "ai";
import type { MessageStatus } from "@/lib/chat/message";

/**
 * A message of the history as the turn's prepare statement reads it: its text, the text of its
 * text parts as stored beside them. Messages are text, and a reply's reasoning is not sent back,
 * so the parts themselves are not read.
 */
export type HistoryRow = { id: string; role: "user" | "assistant" | "system"; text: string; status: MessageStatus };

/**
 * Stored rows → the messages the model sees. System rows are never sent (instructions are
 * injected per request), and replies with no text (a failed one) are dropped rather than sent empty.
 * A message of the history is its text, so it is the AI SDK's text form of a model message
 * (`content` a string) as it is; through UI messages and convertToModelMessages, the 600-message
 * history of a long thread cost about 0.7 ms more a turn, before the first token.
 */
export function toModelMessages(rows: readonly HistoryRow[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const row of rows) {
    if (row.role === "system" || row.text.trim() === "") continue;
    out.push(row.role === "user" ? { role: "user", content: row.text } : { role: "assistant", content: row.text });
  }
  return out;
}
