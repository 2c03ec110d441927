import "server-only";
import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import { env } from "@/env";
import type { ChatMessageMetadata } from "@/lib/chat/message";
import type { Db } from "@/server/db/client";
import { getReplyState, getStreamingReply, type StreamingReply, sweepExpiredReplies } from "@/server/db/queries/turns";
import { AppError } from "@/server/errors";
import { getLiveReply } from "./live-replies";
import { replyBus } from "./reply-bus";
import { PartsFollower } from "./reply-draft";

/**
 * GET /api/chat/{threadId}/stream behind the route: 404 for a thread that is not the user's,
 * 204 when nothing streams there, else the reply so far and then its live frames. A reply this
 * process writes is read from memory, and one another instance writes from Redis (every chunk,
 * nothing missed or repeated); without Redis it is followed through its checkpoints until it
 * ends. One whose writer died ends as interrupted.
 */
export async function resumeReply(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<Response> {
  const reply = await getStreamingReply(db, { userId, threadId, leaseMs: env.CHAT_STREAM_LEASE_MS });
  if (reply === undefined) throw new AppError("NOT_FOUND");
  if (reply === null) return new Response(null, { status: 204 });
  const live = getLiveReply(reply.id);
  const stream = live ? live.subscribe() : ((await followThroughRedis(db, reply.id)) ?? followStoredReply(db, reply));
  return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-cache, no-transform" } });
}

/** How a reply ended, from its row, as the last chunks a reader gets. */
function endingOf(state: { status: string; error: string | null; inputTokens: number | null; outputTokens: number | null }): UIMessageChunk[] {
  const final: ChatMessageMetadata = {
    status: state.status as ChatMessageMetadata["status"],
    ...(state.error ? { error: state.error } : {}),
    inputTokens: state.inputTokens ?? undefined,
    outputTokens: state.outputTokens ?? undefined,
  };
  return [
    { type: "finish", messageMetadata: final },
    { type: "message-metadata", messageMetadata: final },
  ];
}

/**
 * A reply another instance writes, live through Redis. When its writer goes quiet, the row says
 * whether it is still at work; a writer that died leaves a row the sweeper marks interrupted.
 */
async function followThroughRedis(db: Db, replyId: string): Promise<ReadableStream<UIMessageChunk> | undefined> {
  return replyBus()?.follow(replyId, {
    quietMs: Math.max(2_000, env.CHAT_CHECKPOINT_MS * 2),
    onQuiet: async (sent) => {
      const state = await getReplyState(db, { id: replyId, leaseMs: env.CHAT_STREAM_LEASE_MS });
      if (state?.expired) await sweepExpiredReplies(db, { leaseMs: env.CHAT_STREAM_LEASE_MS, id: replyId });
      if (!state || state.status === "streaming") return undefined;
      return [...sent.chunksTo(state.parts), ...endingOf(state)];
    },
  });
}

/** A reply written elsewhere, from its row: what it has, then what each checkpoint adds, then how it ended. */
function followStoredReply(db: Db, reply: StreamingReply, pollMs = Math.max(100, Math.min(1_000, env.CHAT_CHECKPOINT_MS / 2))): ReadableStream<UIMessageChunk> {
  const follower = new PartsFollower();
  let cancelled = false;
  return new ReadableStream<UIMessageChunk>({
    start: async (c) => {
      const metadata: ChatMessageMetadata = { modelId: reply.modelId ?? undefined, createdAt: reply.createdAt.toISOString(), status: "streaming" };
      c.enqueue({ type: "start", messageId: reply.id, messageMetadata: metadata });
      for (const chunk of follower.next(reply.parts)) c.enqueue(chunk);
      let expired = reply.expired;
      while (!cancelled) {
        if (expired) await sweepExpiredReplies(db, { leaseMs: env.CHAT_STREAM_LEASE_MS, id: reply.id }).catch(() => []);
        else await new Promise((r) => setTimeout(r, pollMs));
        const state = await getReplyState(db, { id: reply.id, leaseMs: env.CHAT_STREAM_LEASE_MS }).catch(() => undefined);
        if (cancelled) return;
        if (!state) continue;
        for (const chunk of follower.next(state.parts)) c.enqueue(chunk);
        expired = state.expired;
        if (state.status === "streaming") continue;
        for (const chunk of [...follower.close(), ...endingOf(state)]) c.enqueue(chunk);
        c.close();
        return;
      }
    },
    cancel: () => {
      cancelled = true;
    },
  });
}
