import { randomUUID } from "node:crypto";
import { ChatView } from "@/components/chat/chat-view";
import { sidekiqIdSchema } from "@/lib/schemas/sidekiq";

type Props = { searchParams: Promise<{ sidekiq?: string | string[]; q?: string | string[] }> };

export default async function NewChatPage({ searchParams }: Props) {
  const { sidekiq, q } = await searchParams;
  const sidekiqId = sidekiqIdSchema.safeParse(sidekiq).data ?? null;
  const draft = typeof q === "string" ? q.slice(0, 2_000) : undefined;
  // A fresh id per render; the key remounts the chat when "New chat" is clicked again.
  const threadId = randomUUID();
  return <ChatView key={threadId} threadId={threadId} isNew initialSidekiqId={sidekiqId} initialDraft={draft} />;
}
