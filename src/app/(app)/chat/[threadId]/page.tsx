import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { toChatMessage } from "@/components/chat/to-chat-message";
import { threadIdInput } from "@/lib/schemas/thread";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

type Props = { params: Promise<{ threadId: string }>; searchParams: Promise<{ m?: string | string[] }> };

async function loadThread(threadId: string) {
  const queryClient = getQueryClient();
  try {
    return await Promise.all([
      queryClient.fetchQuery(trpc.threads.get.queryOptions({ threadId })),
      queryClient.fetchQuery(trpc.messages.list.queryOptions({ threadId })),
      // For the header, beside the others: the page arrives with it instead of asking after hydration.
      queryClient.fetchQuery(trpc.threads.sidekiq.queryOptions({ threadId })),
    ]);
  } catch (error) {
    // Someone else's thread answers NOT_FOUND too, so ids reveal nothing.
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { threadId } = await params;
  if (!threadIdInput.safeParse({ threadId }).success) return { title: "Sidekiq" };
  const loaded = await loadThread(threadId).catch(() => undefined);
  return { title: loaded?.[0].title ? `${loaded[0].title} · Sidekiq` : "Sidekiq" };
}

export default async function ThreadPage({ params, searchParams }: Props) {
  const { threadId } = await params;
  // ?m=<message id>: opened from search at that message (ChatView switches to its branch).
  const { m } = await searchParams;
  const jumpTo = typeof m === "string" && threadIdInput.safeParse({ threadId: m }).success ? m : null;
  if (!threadIdInput.safeParse({ threadId }).success) notFound();
  const loaded = await loadThread(threadId);
  if (!loaded) notFound();
  const [thread, messages] = loaded;

  return (
    <HydrateClient>
      <ChatView
        key={threadId}
        threadId={threadId}
        initialMessages={messages.items.map(toChatMessage)}
        initialModelId={thread.modelId}
        olderCursor={messages.nextCursor}
        jumpTo={jumpTo}
      />
    </HydrateClient>
  );
}
