import type { inferRouterOutputs } from "@trpc/server";
import type { ChatMessage } from "@/lib/chat/message";
import type { AppRouter } from "@/server/trpc/root";

export type MessageRow = inferRouterOutputs<AppRouter>["messages"]["list"]["items"][number];

/** A stored message as the UIMessage useChat works with. */
export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    role: row.role === "system" ? "assistant" : row.role,
    // Rows hold AI SDK parts as written by the server; only the data-part typing differs.
    parts: row.parts as ChatMessage["parts"],
    metadata: {
      modelId: row.modelId ?? undefined,
      createdAt: row.createdAt.toISOString(),
      status: row.status,
      inputTokens: row.inputTokens ?? undefined,
      outputTokens: row.outputTokens ?? undefined,
      error: row.error ?? undefined,
      sidekiqId: row.sidekiqId ?? undefined,
      sidekiqVersion: row.sidekiqVersion ?? undefined,
      parentId: row.parentMessageId,
      siblingIds: row.siblingIds,
      clientMessageId: row.clientMessageId ?? undefined,
    },
  };
}
