import "server-only";
import { randomUUID } from "node:crypto";
import {
  experimental_streamTextLowMemory as streamTextLowMemory,
  type LanguageModel,
  type ModelMessage,
  type TextStreamPart,
  type ToolSet,
  toUIMessageChunk,
  type UIMessageChunk,
} from "ai";
import { env } from "@/env";
import { type ChatMessageMetadata, messageText } from "@/lib/chat/message";
import type { ChatRequest, RetryRequest, SendMessageRequest } from "@/lib/chat/request";
import { estimateCost } from "@/lib/models";
import { AI_TELEMETRY } from "@/server/ai/telemetry";
import { getRegistry, type ModelRegistry } from "@/server/ai/registry";
import type { Db } from "@/server/db/client";
import {
  createThreadWithFirstMessage,
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
import { claimThread, type ThreadClaim } from "./active-streams";
import { generateTitle } from "./generate-title";
import { ReplyRecorder } from "./reply-recorder";
import { createReplyStream } from "./reply-stream";
import { toModelMessages } from "./to-model-messages";

type Model = Exclude<LanguageModel, string>;

export type StreamChatReplyParams = {
  db: Db;
  user: { id: string };
  request: ChatRequest;
  registry?: ModelRegistry;
};

const REPLY_FAILED = "The model provider failed. Try again.";

/** One user message and the reply being written to it. */
type Turn = {
  db: Db;
  userId: string;
  threadId: string;
  userMessageId: string;
  userText: string;
  modelId: string;
  /** Resolves once the user's message is in the database; false when it turned out to be a repeat. */
  userSaved: Promise<boolean>;
  claim: ThreadClaim;
};

/** POST /api/chat behind the route: save the user's turn, stream the reply, save the reply. */
export async function streamChatReply({ db, user, request, registry = getRegistry() }: StreamChatReplyParams) {
  const model = await registry.languageModel(request.modelId);
  const claim = claimThread(request.threadId, user.id);
  // Someone else's thread answers exactly like a missing one, busy or not.
  if (claim === "foreign") throw new AppError("NOT_FOUND");
  if (claim === "busy") throw new AppError("CONFLICT", { message: "A reply is still being written in this chat." });
  try {
    const p = { db, userId: user.id, registry, model, claim };
    return "retry" in request ? await retryReply({ ...p, request }) : await sendMessage({ ...p, request });
  } catch (error) {
    claim.release();
    throw error;
  }
}

type StepParams<R> = { db: Db; userId: string; registry: ModelRegistry; model: Model; claim: ThreadClaim; request: R };

async function sendMessage(params: StepParams<SendMessageRequest>) {
  if (params.request.newThread) {
    const reply = await startNewThread(params);
    if (reply) return reply;
    // The thread already existed after all: answer from its history like any other message.
  }
  const { db, userId, registry, model, claim, request } = params;
  const { thread, history } = await loadThreadAndHistory(db, userId, request);
  // A repeat of a message already saved (a double submit): one turn, and no second model call.
  // Two copies in flight at once are kept apart by the thread's claim, or by the unique index.
  if (history.some((m) => m.clientMessageId === request.message.id)) throw new AppError("CONFLICT");
  const userMessage = newUserMessage(thread.id, request);
  // The model call starts while the user's message is being written, not after.
  const saving = afterModelRequest(() => insertUserMessage(db, userMessage)).then((row) => row !== undefined);
  const turn: Turn = { db, userId, threadId: thread.id, userMessageId: userMessage.id, userText: userMessage.text, modelId: request.modelId, userSaved: saving, claim };
  const reply = startReply(turn, model, await toModelMessages([...history, userMessage]), thread.title ? undefined : registry);
  return await replyOnceSaved(reply, saving);
}

/**
 * The first message of a chat the client has just made: a new thread has no history, so the model
 * call starts at once, while the thread and the message are written. Returns undefined, with the
 * model stopped and nothing saved, when the thread turns out to exist already.
 */
async function startNewThread({ db, userId, registry, model, claim, request }: StepParams<SendMessageRequest>) {
  const userMessage = newUserMessage(request.threadId, request);
  // The thread and the message go in together, or not at all when the id exists already.
  const userSaved = afterModelRequest(() => createThreadWithFirstMessage(db, { userId, modelId: request.modelId, message: userMessage }));
  // A reply given up for the usual path must not free the thread the usual path goes on to use.
  let givenUp = false;
  const turnClaim: ThreadClaim = { setStop: claim.setStop, release: () => givenUp || claim.release() };
  const turn: Turn = { db, userId, threadId: request.threadId, userMessageId: userMessage.id, userText: userMessage.text, modelId: request.modelId, userSaved, claim: turnClaim };
  const reply = startReply(turn, model, await toModelMessages([userMessage]), registry);
  const created = await userSaved.catch((error) => {
    reply.discard();
    throw error;
  });
  if (created) return await replyOnceSaved(reply, userSaved);
  givenUp = true;
  reply.discard();
  // Someone else's thread looks exactly like one that does not exist.
  if (!(await getThread(db, { userId, threadId: request.threadId }))) throw new AppError("NOT_FOUND");
  return undefined;
}

/**
 * Runs `work` at the next timer tick, once the reply's model request has gone out on the wire: a
 * database query (run on this thread with PGlite) or the title's model call would otherwise hold
 * it back (measured with PGlite: 16 ms added to the first token before, 9 ms after).
 */
function afterModelRequest<T>(work: () => Promise<T>): Promise<T> {
  return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(work);
}

/** The reply's response once the user's message is saved; a repeat of a saved message gets 409 and no reply. */
async function replyOnceSaved(reply: ReturnType<typeof startReply>, saving: Promise<boolean>) {
  const saved = await saving.catch((error) => {
    reply.discard();
    throw error;
  });
  if (!saved) {
    // The same client message again (a double submit): one turn, and no second reply.
    reply.discard();
    throw new AppError("CONFLICT");
  }
  return reply.response;
}

const RETRYABLE = new Set(["error", "stopped", "interrupted"]);

async function retryReply({ db, userId, registry, model, claim, request }: StepParams<RetryRequest>) {
  const thread = await getThread(db, { userId, threadId: request.threadId });
  if (!thread) throw new AppError("NOT_FOUND");
  const last = await getLastMessage(db, { threadId: thread.id });
  if (last?.role === "assistant" && RETRYABLE.has(last.status)) {
    await deleteReply(db, { threadId: thread.id, messageId: last.id });
  } else if (last?.role !== "user") {
    throw new AppError("CONFLICT", { message: "There is no failed reply to retry." });
  }
  const history = await listThreadHistory(db, { threadId: thread.id });
  const userMessage = history.at(-1)!;
  const turn: Turn = { db, userId, threadId: thread.id, userMessageId: userMessage.id, userText: userMessage.text, modelId: request.modelId, userSaved: Promise.resolve(true), claim };
  return startReply(turn, model, await toModelMessages(history), thread.title ? undefined : registry).response;
}

/**
 * The user's thread and its history in one round trip (both read at once; the history is used
 * only when the thread turns out to be theirs). A thread that does not exist yet is made here.
 */
async function loadThreadAndHistory(db: Db, userId: string, request: SendMessageRequest): Promise<{ thread: Thread; history: Message[] }> {
  const [found, history] = await Promise.all([
    getThread(db, { userId, threadId: request.threadId }),
    listThreadHistory(db, { threadId: request.threadId }),
  ]);
  if (found) return { thread: found, history };
  const thread = await createThreadIfMissing(db, { userId, threadId: request.threadId, modelId: request.modelId });
  // Someone else's thread looks exactly like one that does not exist.
  if (!thread) throw new AppError("NOT_FOUND");
  // Made just now, or by a request that raced this one: read its history again either way.
  return { thread, history: thread.messageCount === 0 ? [] : await listThreadHistory(db, { threadId: thread.id }) };
}

function newUserMessage(threadId: string, request: SendMessageRequest) {
  const parts = request.message.parts.map((p) => ({ type: "text" as const, text: p.text }));
  return {
    id: randomUUID(),
    threadId,
    role: "user" as const,
    parts,
    text: messageText(parts),
    status: "complete",
    modelId: request.modelId,
    clientMessageId: request.message.id,
  } satisfies Partial<Message>;
}

type PendingTitle = Promise<string | undefined>;

function startTitle(turn: Turn, registry: ModelRegistry): PendingTitle {
  const titleModel = env.TITLE_MODEL ? registry.languageModel(env.TITLE_MODEL).catch(() => undefined) : undefined;
  return (async () => {
    const model = (await titleModel) ?? (await registry.languageModel(turn.modelId));
    const title = await generateTitle(model, turn.userText);
    if (!(await turn.userSaved)) return undefined;
    const saved = await setTitleIfEmpty(turn.db, { userId: turn.userId, threadId: turn.threadId, title });
    return saved ? title : undefined;
  })().catch((error) => {
    logger.warn({ err: errorSummary(error), threadId: turn.threadId }, "auto-title failed");
    return undefined;
  });
}

/** Starts the model and the response stream; `titleRegistry` is given when the thread needs a title. */
function startReply(turn: Turn, model: Model, messages: ModelMessage[], titleRegistry?: ModelRegistry) {
  const replyId = randomUUID();
  const startedAt = new Date();
  const recorder = new ReplyRecorder();
  const abort = new AbortController();
  let discarded = false;
  turn.claim.setStop(() => {
    recorder.stopRequested = true;
    abort.abort();
  });
  // The title's model call starts once the reply's is on its way, never ahead of it.
  const title = titleRegistry ? afterModelRequest(() => startTitle(turn, titleRegistry)) : undefined;

  // The request's own abort signal is deliberately not passed: a closed tab must not stop the model.
  // The low-memory variant has a single consumer and no replay: we read `stream` once, below.
  const result = streamTextLowMemory({
    model,
    messages,
    maxOutputTokens: env.CHAT_MAX_OUTPUT_TOKENS,
    abortSignal: abort.signal,
    timeout: { firstChunkMs: env.CHAT_FIRST_CHUNK_TIMEOUT_MS, chunkMs: env.CHAT_CHUNK_TIMEOUT_MS },
    maxRetries: 1,
    telemetry: AI_TELEMETRY,
    // The reply recorder keeps the error for the saved row; this only keeps it out of stderr.
    onError: () => {},
  });

  const maskError = (error: unknown) => {
    logger.error({ err: errorSummary(error), threadId: turn.threadId }, "reply stream failed");
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
      if (title && !discarded) await Promise.race([title, new Promise((r) => setTimeout(r, 3_000))]);
    },
    onEnd: async () => {
      try {
        if (!discarded && (await turn.userSaved.catch(() => false))) await saveReply(turn, replyId, startedAt, recorder);
      } finally {
        turn.claim.release();
      }
    },
  });
  void title?.then((t) => t && inject({ type: "data-thread-title", data: { threadId: turn.threadId, title: t }, transient: true } as UIMessageChunk));

  return {
    response: response({ "x-thread-id": turn.threadId, "x-message-id": turn.userMessageId }),
    /** Abandons the reply: the model is stopped and nothing is saved. */
    discard: () => {
      discarded = true;
      abort.abort();
    },
  };
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
      threadId: turn.threadId,
      parentMessageId: turn.userMessageId,
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
    logger.error({ err: errorSummary(error), threadId: turn.threadId }, "could not save reply");
  }
}

/** Name, status and message of an error, never request bodies (they hold prompts) or headers (keys). */
export function errorSummary(error: unknown): { name?: string; message?: string; statusCode?: number } {
  if (!(error instanceof Error)) return { message: String(error) };
  const statusCode = (error as { statusCode?: number }).statusCode;
  return { name: error.name, message: error.message.slice(0, 300), statusCode };
}
