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
      createdAt: row.createdAt,
      status: row.status,
      inputTokens: row.inputTokens ?? undefined,
      outputTokens: row.outputTokens ?? undefined,
      error: row.error ?? undefined,
      sidekiqId: row.sidekiqId ?? undefined,
      sidekiqVersion: row.sidekiqVersion ?? undefined,
      contextOmitted: row.contextOmitted ?? undefined,
      parentId: row.parentMessageId,
      siblingIds: row.siblingIds,
      clientMessageId: row.clientMessageId ?? undefined,
    },
  };
}

/**
 * The newest page of the path joined onto the messages shown, keeping earlier pages loaded above
 * it; undefined when it does not join (another branch, or nothing above it), and replaces them.
 */
export function joinNewestPage(current: ChatMessage[], newest: ChatMessage[]): ChatMessage[] | undefined {
  const first = newest[0] ? current.findIndex((m) => m.id === newest[0]!.id) : -1;
  return first > 0 ? [...current.slice(0, first), ...newest] : undefined;
}
