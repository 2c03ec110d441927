import "server-only";
import { randomUUID } from "node:crypto";
import {
  experimental_streamTextLowMemory as streamTextLowMemory,
  type LanguageModel,
  type TextStreamPart,
  type ToolSet,
  toUIMessageChunk,
  type UIMessageChunk,
  wrapLanguageModel,
} from "ai";
import { env } from "@/env";
import { type ChatMessage, type ChatMessageMetadata, messageText } from "@/lib/chat/message";
import type { ChatRequest, RetryRequest, SendMessageRequest } from "@/lib/chat/request";
import { estimateCost } from "@/lib/models";
import { coalesceDeltasMiddleware } from "@/server/ai/coalesce-deltas";
import { getRegistry, type ModelRegistry } from "@/server/ai/registry";
import type { Db } from "@/server/db/client";
import {
  deleteReply,
  getLastMessage,
  insertAssistantMessage,
  insertUserMessage,
  listThreadHistory,
} from "@/server/db/queries/messages";
import { createThreadIfMissing, getThread, setTitleIfEmpty } from "@/server/db/queries/threads";
import type { Message, Thread } from "@/server/db/schema";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { isStreaming, registerActiveStream } from "./active-streams";
import { generateTitle } from "./generate-title";
import { ReplyRecorder } from "./reply-recorder";
import { createReplyStream } from "./reply-stream";
import { toModelMessages } from "./to-model-messages";

export type StreamChatReplyParams = {
  db: Db;
  user: { id: string };
  request: ChatRequest;
  registry?: ModelRegistry;
};

const REPLY_FAILED = "The model provider failed. Try again.";

type Turn = { db: Db; userId: string; thread: Thread; userMessage: Message; modelId: string };

/** POST /api/chat behind the route: save the user's turn, stream the reply, save the reply. */
export async function streamChatReply({ db, user, request, registry = getRegistry() }: StreamChatReplyParams) {
  const model = await registry.languageModel(request.modelId);
  if (isStreaming(request.threadId)) throw new AppError("CONFLICT", { message: "A reply is still being written in this chat." });
  if ("retry" in request) return retryReply({ db, userId: user.id, request, registry, model });
  const thread = await loadOrCreateThread(db, user.id, request);
  const [userMessage, history] = await Promise.all([
    saveUserMessage(db, thread, request),
    // A thread with no messages has no history to read.
    thread.messageCount === 0 ? [] : listThreadHistory(db, { threadId: thread.id }),
  ]);
  const turn: Turn = { db, userId: user.id, thread, userMessage, modelId: request.modelId };
  const messages = await toModelMessages([...history.filter((m) => m.id !== userMessage.id), userMessage]);
  const title = thread.title ? undefined : startTitle(turn, registry);
  return streamReply(turn, model, messages, title);
}

const RETRYABLE = new Set(["error", "stopped", "interrupted"]);

async function retryReply(p: { db: Db; userId: string; request: RetryRequest; registry: ModelRegistry; model: Exclude<LanguageModel, string> }) {
  const thread = await getThread(p.db, { userId: p.userId, threadId: p.request.threadId });
  if (!thread) throw new AppError("NOT_FOUND");
  const last = await getLastMessage(p.db, { threadId: thread.id });
  if (last?.role === "assistant" && RETRYABLE.has(last.status)) {
    await deleteReply(p.db, { threadId: thread.id, messageId: last.id });
  } else if (last?.role !== "user") {
    throw new AppError("CONFLICT", { message: "There is no failed reply to retry." });
  }
  const history = await listThreadHistory(p.db, { threadId: thread.id });
  const userMessage = history.at(-1)!;
  const turn: Turn = { db: p.db, userId: p.userId, thread, userMessage, modelId: p.request.modelId };
  const title = thread.title ? undefined : startTitle(turn, p.registry);
  return streamReply(turn, p.model, await toModelMessages(history), title);
}

async function loadOrCreateThread(db: Db, userId: string, request: SendMessageRequest): Promise<Thread> {
  const thread = await createThreadIfMissing(db, { userId, threadId: request.threadId, modelId: request.modelId });
  // Someone else's thread looks exactly like one that does not exist.
  if (!thread) throw new AppError("NOT_FOUND");
  return thread;
}

async function saveUserMessage(db: Db, thread: Thread, request: SendMessageRequest): Promise<Message> {
  const parts = request.message.parts.map((p) => ({ type: "text" as const, text: p.text }));
  const saved = await insertUserMessage(db, {
    id: randomUUID(),
    threadId: thread.id,
    parts,
    text: messageText(parts),
    modelId: request.modelId,
    clientMessageId: request.message.id,
  });
  if (!saved) throw new AppError("CONFLICT");
  return saved;
}

type PendingTitle = Promise<string | undefined>;

function startTitle(turn: Turn, registry: ModelRegistry): PendingTitle {
  const titleModel = env.TITLE_MODEL ? registry.languageModel(env.TITLE_MODEL).catch(() => undefined) : undefined;
  return (async () => {
    const model = (await titleModel) ?? (await registry.languageModel(turn.modelId));
    const title = await generateTitle(model, turn.userMessage.text);
    const saved = await setTitleIfEmpty(turn.db, { userId: turn.userId, threadId: turn.thread.id, title });
    return saved ? title : undefined;
  })().catch((error) => {
    logger.warn({ err: errorSummary(error), threadId: turn.thread.id }, "auto-title failed");
    return undefined;
  });
}

function streamReply(turn: Turn, model: Exclude<LanguageModel, string>, messages: Awaited<ReturnType<typeof toModelMessages>>, title?: PendingTitle) {
  const replyId = randomUUID();
  const startedAt = new Date();
  const recorder = new ReplyRecorder();
  const abort = new AbortController();
  const unregister = registerActiveStream(turn.thread.id, {
    userId: turn.userId,
    messageId: replyId,
    stop: () => {
      recorder.stopRequested = true;
      abort.abort();
    },
  });

  // The request's own abort signal is deliberately not passed: a closed tab must not stop the model.
  // The low-memory variant has a single consumer and no replay: we read `stream` once, below.
  const result = streamTextLowMemory({
    model: wrapLanguageModel({ model, middleware: coalesceDeltasMiddleware }),
    messages,
    maxOutputTokens: env.CHAT_MAX_OUTPUT_TOKENS,
    abortSignal: abort.signal,
    timeout: { firstChunkMs: env.CHAT_FIRST_CHUNK_TIMEOUT_MS, chunkMs: env.CHAT_CHUNK_TIMEOUT_MS },
    maxRetries: 1,
    // The reply recorder keeps the error for the saved row; this only keeps it out of stderr.
    onError: () => {},
  });

  const maskError = (error: unknown) => {
    logger.error({ err: errorSummary(error), threadId: turn.thread.id }, "reply stream failed");
    return REPLY_FAILED;
  };
  const { response, inject } = createReplyStream({
    parts: result.stream,
    recorder,
    toChunk: (part) =>
      toUIMessageChunk(part, { responseMessageId: replyId, messageMetadata: replyMetadata(part, turn.modelId, startedAt), onError: maskError }),
    errorChunk: (error) => ({ type: "error", errorText: maskError(error) }),
    // Give a still-running title a moment so the sidebar gets it in the same response.
    beforeClose: async () => {
      if (title) await Promise.race([title, new Promise((r) => setTimeout(r, 3_000))]);
    },
    onEnd: async () => {
      unregister();
      await saveReply(turn, replyId, startedAt, recorder);
    },
  });
  void title?.then((t) => t && inject({ type: "data-thread-title", data: { threadId: turn.thread.id, title: t }, transient: true } as UIMessageChunk));

  return response({ "x-thread-id": turn.thread.id, "x-message-id": turn.userMessage.id });
}

function replyMetadata(part: TextStreamPart<ToolSet>, modelId: string, startedAt: Date): ChatMessageMetadata | undefined {
  if (part.type === "start") return { modelId, createdAt: startedAt.toISOString(), status: "streaming" };
  if (part.type === "finish") {
    return { modelId, status: "complete", inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens };
  }
  return undefined;
}

async function saveReply(turn: Turn, replyId: string, startedAt: Date, recorder: ReplyRecorder) {
  const reply = recorder.result();
  const usage = { inputTokens: reply.usage?.inputTokens, outputTokens: reply.usage?.outputTokens };
  try {
    await insertAssistantMessage(turn.db, {
      id: replyId,
      threadId: turn.thread.id,
      parentMessageId: turn.userMessage.id,
      parts: reply.parts,
      text: reply.text,
      modelId: turn.modelId,
      inputTokens: usage.inputTokens ?? null,
      outputTokens: usage.outputTokens ?? null,
      cost: estimateCost(turn.modelId, usage) ?? null,
      finishReason: reply.finishReason ?? (reply.status === "stopped" ? "stop" : "error"),
      status: reply.status,
      error: reply.status === "error" ? REPLY_FAILED : null,
      createdAt: startedAt,
    });
  } catch (error) {
    logger.error({ err: errorSummary(error), threadId: turn.thread.id }, "could not save reply");
  }
}

/** Name, status and message of an error, never request bodies (they hold prompts) or headers (keys). */
export function errorSummary(error: unknown): { name?: string; message?: string; statusCode?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  const statusCode = (error as { statusCode?: number }).statusCode;
  return { name: error.name, message: error.message.slice(0, 300), statusCode };
}
