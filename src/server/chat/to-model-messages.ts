import { convertToModelMessages, type ModelMessage, type UIMessage } from "ai";
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
 */
export async function toModelMessages(rows: readonly HistoryRow[]): Promise<ModelMessage[]> {
  const ui: Omit<UIMessage, "id">[] = [];
  for (const row of rows) {
    if (row.role === "system" || row.text.trim() === "") continue;
    ui.push({ role: row.role, parts: [{ type: "text", text: row.text }] });
  }
  return convertToModelMessages(ui);
}
