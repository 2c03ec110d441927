import { convertToModelMessages, type ModelMessage, type UIMessage } from "ai";
import type { MessageStatus } from "@/lib/chat/message";

/** A message of the history as the turn's prepare statement reads it. */
export type HistoryRow = { id: string; role: "user" | "assistant" | "system"; parts: UIMessage["parts"]; text: string; status: MessageStatus };

/**
 * Stored rows → the messages the model sees. System rows are never sent (instructions are
 * injected per request), and failed replies with no text are dropped rather than sent empty.
 */
export async function toModelMessages(rows: readonly HistoryRow[]): Promise<ModelMessage[]> {
  const ui: Omit<UIMessage, "id">[] = [];
  for (const row of rows) {
    if (row.role === "system") continue;
    if (row.role === "assistant" && row.text.trim() === "") continue;
    const parts = row.parts.filter((p) => p.type === "text" || p.type === "file");
    if (parts.length === 0) continue;
    ui.push({ role: row.role, parts });
  }
  return convertToModelMessages(ui);
}
