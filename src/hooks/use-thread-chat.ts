"use client";

import { useChat } from "@ai-sdk/react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DefaultChatTransport, type PrepareSendMessagesRequest } from "ai";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { describeChatError } from "@/lib/chat/describe-chat-error";
import { type ChatMessage, messageText } from "@/lib/chat/message";
import type { RegenerateRequest, RetryRequest, SendMessageRequest } from "@/lib/chat/request";
import { useTRPC } from "@/trpc/client";
import { useThreadCache } from "./use-thread-cache";

type Options = {
  threadId: string;
  initialMessages: ChatMessage[];
  isNew: boolean;
  /** A turn ended with its reply saved: the page reads the path again (server ids, branches). */
  onTurnSaved?: () => void;
};

/** If a server-side stop doesn't end the stream by then, abort it from here. */
const STOP_FALLBACK_MS = 5_000;
const TITLE_GRACE_MS = 3_000;
const RECONNECT_MS = 1_500;
const MAX_RECONNECTS = 20;

// The server owns the history: send only the new message (and, for an edit, the reply it
// follows), or ask it for another reply to a user message of the thread.
const prepareSendMessagesRequest: PrepareSendMessagesRequest<ChatMessage> = ({ id, messages, trigger, body }) => {
  const modelId = typeof body?.modelId === "string" ? body.modelId : "";
  const sidekiqId = typeof body?.sidekiqId === "string" ? body.sidekiqId : undefined;
  if (trigger === "regenerate-message") {
    const userMessageId = typeof body?.regenerateUserMessageId === "string" ? body.regenerateUserMessageId : undefined;
    if (userMessageId) return { body: { threadId: id, modelId, regenerate: { userMessageId } } satisfies RegenerateRequest };
    return { body: { threadId: id, modelId, retry: true } satisfies RetryRequest };
  }
  const last = messages.at(-1);
  const text = last ? messageText(last.parts) : "";
  const message = { id: last?.id ?? "", role: "user" as const, parts: [{ type: "text" as const, text }] };
  // `parentMessageId: null` is an edit of the first message; absent, the message follows the leaf.
  const parent = body && "parentMessageId" in body ? { parentMessageId: body.parentMessageId as string | null } : {};
  return { body: { threadId: id, modelId, message, ...(sidekiqId ? { sidekiqId } : {}), ...parent } satisfies SendMessageRequest };
};

/**
 * useChat wired to POST /api/chat, the resume route (a reply streaming when the page opens, in
 * this tab or any other, is picked up where it is), the server-side Stop and the sidebar caches.
 */
export function useThreadChat({ threadId, initialMessages, isNew, onTurnSaved }: Options) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cache = useThreadCache();
  const stopThread = useMutation(trpc.chat.stop.mutationOptions());
  const stopRequested = useRef(false);
  const [saved, setSaved] = useState(!isNew);
  const urlRewritten = useRef(!isNew);
  const onTurnSavedRef = useRef(onTurnSaved);
  useEffect(() => {
    onTurnSavedRef.current = onTurnSaved;
  }, [onTurnSaved]);

  const transport = useMemo(
    () => new DefaultChatTransport<ChatMessage>({ api: "/api/chat", prepareSendMessagesRequest }),
    [],
  );

  // The reply has started, so the thread and the user's message are saved: show it in the sidebar
  // and give a new chat its real URL. Not router.replace: the page must not remount mid-stream.
  const replyStarted = useCallback(() => {
    if (urlRewritten.current) return;
    urlRewritten.current = true;
    setSaved(true);
    window.history.replaceState({}, "", `/chat/${threadId}`);
  }, [threadId]);

  const chat = useChat<ChatMessage>({
    id: threadId,
    messages: initialMessages,
    transport,
    // GET /api/chat/{id}/stream on mount: 204 when nothing streams, else the reply so far and on.
    resume: !isNew,
    // Render at most every 50 ms: the server sends text in frames no shorter than that.
    experimental_throttle: 50,
    onData: (part) => {
      if (part.type === "data-thread-title") cache.update(part.data.threadId, { title: part.data.title });
    },
    onFinish: ({ message, messages, isAbort, isDisconnect, isError }) => {
      const replied = message.role === "assistant";
      // Read locally without word from the server (the Stop fallback): show it as stopped. The
      // server's own last word (complete, stopped, error) otherwise came with the stream.
      if (isAbort && stopRequested.current && replied && message.metadata?.status === "streaming") {
        chat.setMessages((all) =>
          all.map((m) => (m.id === message.id ? { ...m, metadata: { ...m.metadata, status: "stopped" } } : m)),
        );
      }
      stopRequested.current = false;
      // A fast reply can finish before a render ever sees status "streaming".
      if (replied) replyStarted();
      void cache.invalidate();
      void queryClient.invalidateQueries(trpc.threads.get.queryFilter({ threadId }));
      void queryClient.invalidateQueries(trpc.threads.tree.queryFilter({ threadId }));
      // The stream ends once the reply is saved: read the path back with the server's ids and the
      // branches (a refused or dropped request keeps what this tab shows, with its error).
      if (replied && !isError && !isDisconnect && !isAbort) onTurnSavedRef.current?.();
      // A new thread's title is written beside its first reply and may land just after it.
      if (messages.length <= 2) setTimeout(() => void cache.invalidate(), TITLE_GRACE_MS);
    },
  });

  // The connection dropped mid-reply (the server restarted, the network went away): the reply is
  // still being written, or saved, on the server. Reconnect to it, as a reload would.
  const reconnects = useRef(0);
  const { error: chatError, messages: chatMessages, resumeStream } = chat;
  useEffect(() => {
    const last = chatMessages.at(-1);
    const dropped = chatError?.name === "TypeError" && last?.role === "assistant" && last.metadata?.status === "streaming";
    if (!dropped || reconnects.current >= MAX_RECONNECTS) return;
    const t = setTimeout(() => {
      reconnects.current++;
      void resumeStream();
    }, RECONNECT_MS);
    return () => clearTimeout(t);
  }, [chatError, chatMessages, resumeStream]);

  const { status } = chat;
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
    if (status !== "streaming") return;
    reconnects.current = 0;
    void cache.invalidate();
    replyStarted();
  }, [status, cache, replyStarted]);

  // A new chat's first message names its Sidekiq; the thread keeps it from then on.
  const send = useCallback(
    (text: string, modelId: string, sidekiqId?: string) => void chat.sendMessage({ text }, { body: { modelId, sidekiqId } }),
    [chat],
  );

  // An edit: a new message beside `message` (same parent), its old branch kept on the server.
  const edit = useCallback(
    (message: ChatMessage, text: string, modelId: string) => {
      const at = chat.messages.findIndex((m) => m.id === message.id);
      if (at < 0) return;
      const parentMessageId = message.metadata?.parentId !== undefined ? message.metadata.parentId : (chat.messages[at - 1]?.id ?? null);
      chat.setMessages(chat.messages.slice(0, at));
      void chat.sendMessage({ text }, { body: { modelId, parentMessageId } });
    },
    [chat],
  );

  // Another reply beside `reply`, from `modelId`: the one shown goes on existing as a sibling.
  const regenerateReply = useCallback(
    (reply: ChatMessage, modelId: string) => {
      const at = chat.messages.findIndex((m) => m.id === reply.id);
      const question = chat.messages[at - 1];
      if (at < 0 || question?.role !== "user") return;
      const userMessageId = reply.metadata?.parentId ?? (at === chat.messages.length - 1 ? undefined : question.id);
      void chat.regenerate({ messageId: reply.id, body: { modelId, ...(userMessageId ? { regenerateUserMessageId: userMessageId } : {}) } });
    },
    [chat],
  );

  /** The last message, when it is the user's and the server refused it before saving it (or it never arrived). */
  const unsentMessage = useCallback(() => {
    const last = chat.messages.at(-1);
    const error = chat.error;
    const info = error ? describeChatError(error) : undefined;
    // A 409 means the server has it already and only the reply is missing.
    const unsent = error && (error.name === "TypeError" || (info?.status !== undefined && info.status !== 409));
    return last?.role === "user" && unsent ? last : undefined;
  }, [chat]);

  const retry = useCallback(
    (modelId: string, sidekiqId?: string) => {
      const last = unsentMessage();
      // Refused before streaming (or never arrived), so the message was not saved: send it again.
      if (last) {
        void chat.sendMessage({ text: messageText(last.parts), messageId: last.id }, { body: { modelId, sidekiqId } });
        return;
      }
      void chat.regenerate({ body: { modelId } });
    },
    [chat, unsentMessage],
  );

  /** Takes a refused message back out of the thread, for the composer: its text, or undefined when there is none. */
  const takeBack = useCallback(() => {
    const last = unsentMessage();
    if (!last) return undefined;
    chat.setMessages(chat.messages.slice(0, -1));
    chat.clearError();
    return messageText(last.parts);
  }, [chat, unsentMessage]);

  // Stop is the server's: it stops the model wherever it runs and saves the partial reply, and
  // this tab's stream then ends with it (so does every other tab's). Closing the tab or leaving
  // the thread is never a stop: the reply goes on and is there when the user comes back.
  const stop = useCallback(async () => {
    stopRequested.current = true;
    const abortHere = () => {
      if (statusRef.current === "streaming" || statusRef.current === "submitted") void chat.stop();
    };
    try {
      const { stopped } = await stopThread.mutateAsync({ threadId });
      if (stopped) {
        setTimeout(abortHere, STOP_FALLBACK_MS);
        return;
      }
    } catch {
      // The call failed: at least stop reading here.
    }
    abortHere();
  }, [chat, stopThread, threadId]);

  /** `saved`: the thread exists on the server (always, unless it is a new chat still waiting for its first reply). */
  return { ...chat, saved, send, edit, regenerateReply, retry, takeBack, stop };
}
