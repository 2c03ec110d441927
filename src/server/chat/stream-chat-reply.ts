import "server-only";
import { randomUUID } from "node:crypto";
import {
  consumeStream,
  createUIMessageStreamResponse,
  experimental_streamTextLowMemory as streamTextLowMemory,
  type FinishReason,
  type LanguageModel,
  type LanguageModelUsage,
  type ModelMessage,
  type UIMessageChunk,
} from "ai";
import { env } from "@/env";
import { type ChatMessage, type ChatMessageMetadata, type MessageStatus, messageText, REPLY_ERRORS } from "@/lib/chat/message";
import type { ChatRequest } from "@/lib/chat/request";
import { describeModel, estimateCost } from "@/lib/models";
import { getRegistry, type ModelRegistry } from "@/server/ai/registry";
import { AI_TELEMETRY } from "@/server/ai/telemetry";
import type { Db } from "@/server/db/client";
import { setTitleIfEmpty } from "@/server/db/queries/threads";
import { finishReply, type PreparedTurn, prepareRegenerateTurn, prepareSendTurn } from "@/server/db/queries/turns";
import { AppError, errorSummary } from "@/server/errors";
import { logger } from "@/server/logger";
import { type ContextPlan, estimateTokens, planContext } from "./context-window";
import { generateTitle } from "./generate-title";
import { type LiveReply, openLiveReply } from "./live-replies";
import { toModelMessages } from "./to-model-messages";
import { retryWhileDatabaseIsDown, turnRuntime } from "./turn-runtime";

type Model = Exclude<LanguageModel, string>;

export type StreamChatReplyParams = {
  db: Db;
  user: { id: string };
  request: ChatRequest;
  registry?: ModelRegistry;
};

const FINISH_WAIT_MS = 3_000;

/**
 * POST /api/chat behind the route, one turn from top to bottom: prepare (both rows and the
 * history, in one statement), stream (the model into the live reply its subscribers read),
 * finish (the final parts, usage and status). The response is the first subscriber; closing it
 * never stops the model.
 */
export async function streamChatReply({ db, user, request, registry = getRegistry() }: StreamChatReplyParams): Promise<Response> {
  const model = await registry.languageModel(request.modelId);
  const plan = planContext(await registry.contextWindow(request.modelId), env.CHAT_MAX_OUTPUT_TOKENS);
  turnRuntime().assertAccepting(db);
  const turn = await prepareTurn(db, user.id, request, plan);
  const live = streamTurn({ db, turn, model, plan, messages: toModelMessages(turn.history), modelId: request.modelId, userId: user.id });
  if (!turn.title) void writeTitle({ db, turn, live, userId: user.id, modelId: request.modelId, registry });
  return createUIMessageStreamResponse({
    stream: live.subscribe(),
    // no-transform keeps compression middleware from gzipping (and buffering) every frame.
    headers: { "cache-control": "no-cache, no-transform", "x-thread-id": turn.threadId, "x-message-id": turn.userMessageId },
  });
}

/** A message the model could not take whole, refused before anything is saved or sent. */
function tooLongError(modelId: string, tokens: number, budget: number, plan: ContextPlan): AppError {
  const model = describeModel(modelId).label;
  const room = Math.max(0, budget);
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `This message is too long for ${model}: it is about ${tokens.toLocaleString("en-US")} tokens, and ${model} has room for ${room.toLocaleString("en-US")} here. Shorten it, or pick a model with a larger context window.`,
    details: { estimatedTokens: tokens, availableTokens: room, contextWindow: plan.window },
  });
}

/** Both rows and the (trimmed) history, or the reason there is no turn (404, 409, 413). */
async function prepareTurn(db: Db, userId: string, request: ChatRequest, plan: ContextPlan): Promise<PreparedTurn> {
  const ids = { userId, threadId: request.threadId, modelId: request.modelId, replyId: randomUUID(), inputBudget: plan.inputBudget };
  let messageTokens = 0;
  if ("message" in request) {
    // Checked before the database too: a message longer than the whole window needs no query to refuse.
    messageTokens = estimateTokens(messageText(request.message.parts));
    if (messageTokens > plan.inputBudget) throw tooLongError(request.modelId, messageTokens, plan.inputBudget, plan);
  }
  const prepared =
    "retry" in request
      ? await prepareRegenerateTurn(db, ids)
      : "regenerate" in request
        ? await prepareRegenerateTurn(db, { ...ids, userMessageId: request.regenerate.userMessageId })
        : await prepareSendTurn(db, {
            ...ids,
            sidekiqId: request.sidekiqId,
            parentMessageId: request.parentMessageId,
            userMessageId: randomUUID(),
            message: { parts: request.message.parts, text: messageText(request.message.parts), clientMessageId: request.message.id },
            messageTokens,
          });
  if (typeof prepared === "object" && "tooLong" in prepared) throw tooLongError(request.modelId, prepared.tokens, prepared.budget, plan);
  switch (prepared) {
    case "not-found":
      // Someone else's thread answers exactly like a missing one.
      throw new AppError("NOT_FOUND");
    case "duplicate":
      // The same client message again (a double submit): one turn, and no second model call.
      throw new AppError("CONFLICT");
    case "busy":
      throw new AppError("REPLY_IN_PROGRESS");
    case "sidekiq-mismatch":
      throw new AppError("BAD_REQUEST", { message: "This chat already has its own Sidekiq.", details: { issues: [{ path: ["sidekiqId"], message: "not this thread's Sidekiq" }] } });
    case "sidekiq-unavailable":
      throw new AppError("SIDEKIQ_UNAVAILABLE");
    case "nothing-to-retry":
      throw new AppError("CONFLICT", { message: "There is no message to answer again." });
    case "parent-streaming":
      throw new AppError("BAD_REQUEST", { message: "That reply is still being written. Wait for it to finish.", details: { issues: [{ path: ["parentMessageId"], message: "still streaming" }] } });
    case "parent-not-a-reply":
      throw new AppError("BAD_REQUEST", { message: "A message follows a reply, or starts the chat.", details: { issues: [{ path: ["parentMessageId"], message: "not a reply" }] } });
    default:
      return prepared;
  }
}

type StreamTurnParams = { db: Db; turn: PreparedTurn; model: Model; plan: ContextPlan; messages: ModelMessage[]; modelId: string; userId: string };

/** Starts the model and the live reply that every response for this turn reads. */
function streamTurn({ db, turn, model, plan, messages, modelId, userId }: StreamTurnParams): LiveReply {
  const live = openLiveReply({ id: turn.replyId, threadId: turn.threadId, userId });
  const outcome: { usage?: LanguageModelUsage } = {};
  const result = streamTextLowMemory({
    model,
    // A Sidekiq's instructions, as they are now: never stored as a message, never from the browser.
    ...(turn.sidekiq?.instructions ? { instructions: turn.sidekiq.instructions } : {}),
    messages,
    maxOutputTokens: plan.maxOutputTokens,
    // Stop, or the end of a shutdown's drain; never the request's own signal (a closed tab).
    abortSignal: live.abort.signal,
    timeout: { firstChunkMs: env.CHAT_FIRST_CHUNK_TIMEOUT_MS, chunkMs: env.CHAT_CHUNK_TIMEOUT_MS },
    maxRetries: 1,
    telemetry: AI_TELEMETRY,
    // The UI stream's onError reports the error; this only keeps it out of stderr.
    onError: () => {},
  });
  const ui = result.toUIMessageStream<ChatMessage>({
    generateMessageId: () => turn.replyId,
    messageMetadata: ({ part }) => {
      if (part.type === "start") {
        const sidekiq = turn.sidekiq ? { sidekiqId: turn.sidekiq.id, sidekiqVersion: turn.sidekiq.version } : {};
        const omitted = turn.contextOmitted > 0 ? { contextOmitted: turn.contextOmitted } : {};
        return { modelId, createdAt: turn.replyCreatedAt.toISOString(), status: "streaming", ...sidekiq, ...omitted };
      }
      if (part.type === "finish") {
        outcome.usage = part.totalUsage;
        return { modelId, inputTokens: part.totalUsage.inputTokens, outputTokens: part.totalUsage.outputTokens };
      }
      return undefined;
    },
    onError: (error) => {
      logger.error({ err: errorSummary(error), threadId: turn.threadId }, "reply stream failed");
      return REPLY_ERRORS.failed;
    },
    onEnd: (end) => finish(end),
  });
  // Called by the UI stream when it ends, or here when it broke off (a dropped connection): once.
  let finishing: Promise<void> | undefined;
  const finish = (end: Omit<FinishTurnParams, "db" | "live" | "modelId" | "usage" | "contextOmitted">) =>
    (finishing ??= finishTurn({ db, live, modelId, usage: outcome.usage, contextOmitted: turn.contextOmitted, ...end }));
  void (async () => {
    let broken = false;
    await consumeStream({
      stream: ui.pipeThrough(new TransformStream<UIMessageChunk, never>({ transform: (chunk) => live.publish(chunk) })),
      onError: (error) => {
        broken = true;
        logger.error({ err: errorSummary(error), threadId: turn.threadId }, "reply stream broke");
      },
    });
    if (broken) {
      live.publish({ type: "error", errorText: REPLY_ERRORS.failed });
      await finish({ responseMessage: { id: live.id, role: "assistant", parts: live.draft.parts as ChatMessage["parts"] }, isAborted: live.abort.signal.aborted, outcome: { status: "failed" } });
    }
    // The reply is saved: every reader learns how it ended, then the stream closes.
    if (live.final) live.publish({ type: "message-metadata", messageMetadata: live.final });
    live.end();
  })();
  return live;
}

type FinishTurnParams = {
  db: Db;
  live: LiveReply;
  modelId: string;
  usage?: LanguageModelUsage;
  contextOmitted: number;
  responseMessage: ChatMessage;
  isAborted: boolean;
  finishReason?: FinishReason;
  outcome: { status: string };
};

/** Saves the reply as it ended, from the AI SDK's whole response message. Runs before the stream closes. */
async function finishTurn({ db, live, modelId, usage, contextOmitted, responseMessage, isAborted, finishReason, outcome }: FinishTurnParams): Promise<void> {
  const status = replyStatus({ finishReason, isAborted, failed: outcome.status === "failed", abortReason: live.abortReason });
  // A part cut off mid-stream is kept as it is, and done: nothing will add to it.
  const parts = responseMessage.parts.map((p) => ("state" in p && p.state === "streaming" ? { ...p, state: "done" as const } : p));
  const error = status === "error" ? (isAborted ? REPLY_ERRORS.timedOut : REPLY_ERRORS.failed) : status === "interrupted" ? REPLY_ERRORS.interrupted : null;
  const tokens = { inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens };
  live.final = { status, ...(error ? { error } : {}) } satisfies ChatMessageMetadata;
  const saving = (async () => {
    await retryWhileDatabaseIsDown(() =>
      finishReply(db, {
        id: live.id,
        parts,
        text: messageText(parts),
        status,
        finishReason: finishReason ?? (status === "stopped" ? "stop" : status),
        inputTokens: tokens.inputTokens ?? null,
        outputTokens: tokens.outputTokens ?? null,
        cost: estimateCost(modelId, tokens) ?? null,
        error,
        contextOmitted: contextOmitted > 0 ? contextOmitted : null,
      }),
    );
  })().catch((err) => {
    // The last checkpoint stays; the sweeper marks the row interrupted once its lease is over.
    logger.error({ err: errorSummary(err), threadId: live.threadId }, "could not save reply");
  });
  // The stream ends once the reply is saved, so that the next message can follow at once; while
  // the database is unreachable it ends anyway after a moment, and the save goes on retrying.
  await Promise.race([saving, new Promise((r) => setTimeout(r, FINISH_WAIT_MS))]);
}

/**
 * How a reply ended. A model that finished is complete, even when a Stop arrived after the fact;
 * a Stop cut it short; a shutdown's drain ran out; anything else that aborted it was a timeout.
 */
export function replyStatus(o: { finishReason?: FinishReason; isAborted: boolean; failed: boolean; abortReason?: "stop" | "shutdown" }): Exclude<MessageStatus, "streaming"> {
  if (o.finishReason && o.finishReason !== "error" && !o.failed) return "complete";
  if (o.isAborted && o.abortReason === "stop") return "stopped";
  if (o.isAborted && o.abortReason === "shutdown") return "interrupted";
  return "error";
}

type WriteTitleParams = { db: Db; turn: PreparedTurn; live: LiveReply; userId: string; modelId: string; registry: ModelRegistry };

/** Titles a thread that has none, beside the reply; the reply never waits for it. */
async function writeTitle({ db, turn, live, userId, modelId, registry }: WriteTitleParams): Promise<void> {
  try {
    const titleModel = env.TITLE_MODEL ? await registry.languageModel(env.TITLE_MODEL).catch(() => undefined) : undefined;
    const firstMessage = turn.history.find((m) => m.role === "user")?.text ?? "";
    const title = await generateTitle(titleModel ?? (await registry.languageModel(modelId)), firstMessage);
    if (!(await setTitleIfEmpty(db, { userId, threadId: turn.threadId, title }))) return;
    // Readers still on the reply see it at once; everyone else sees it in the thread list.
    live.publish({ type: "data-thread-title", data: { threadId: turn.threadId, title }, transient: true } as UIMessageChunk, { keep: false });
  } catch (error) {
    logger.warn({ err: errorSummary(error), threadId: turn.threadId }, "auto-title failed");
  }
}
