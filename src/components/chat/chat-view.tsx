"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef } from "react";
import { useModelSelection } from "@/hooks/use-model-selection";
import { useOlderMessages } from "@/hooks/use-older-messages";
import { useSettledReply } from "@/hooks/use-settled-reply";
import { useThreadChat } from "@/hooks/use-thread-chat";
import type { ChatMessage } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";
import { ChatHeader } from "./chat-header";
import { Composer, type ComposerHandle } from "./composer";
import { describeChatError } from "@/lib/chat/describe-chat-error";
import { EmptyState } from "./empty-state";
import { MessageList } from "./message-list";
import { ModelPicker } from "./model-picker";
import { NoProviderNotice } from "./no-provider-notice";

type Props = {
  threadId: string;
  initialMessages?: ChatMessage[];
  /** The thread's last model, so an existing thread continues with it. */
  initialModelId?: string | null;
  /** Where the messages before `initialMessages` start, when the thread has more than its first page. */
  olderCursor?: number | null;
  /** A thread that doesn't exist yet: its URL becomes /chat/<id> once the first reply starts. */
  isNew?: boolean;
};

const NO_MESSAGES: ChatMessage[] = [];

export function ChatView({ threadId, initialMessages = NO_MESSAGES, initialModelId, olderCursor = null, isNew = false }: Props) {
  const trpc = useTRPC();
  const composer = useRef<ComposerHandle>(null);
  const models = useQuery(trpc.models.list.queryOptions());
  const { modelId, select } = useModelSelection(models.data?.models, initialModelId);
  const chat = useThreadChat({ threadId, initialMessages, isNew });
  const { messages, status, setMessages } = chat;

  const busy = status === "submitted" || status === "streaming";
  const noProvider = models.data?.models.length === 0;
  // A connection that dropped mid-reply is reconnected to (useThreadChat), not an error to show.
  const last = messages.at(-1);
  const reconnecting = chat.error?.name === "TypeError" && last?.role === "assistant" && last.metadata?.status === "streaming";
  const errorText = useMemo(() => (chat.error && !reconnecting ? describeChatError(chat.error).message : undefined), [chat.error, reconnecting]);

  // The page showed a reply as streaming, but no stream came back to this tab (or the connection
  // dropped and is being made again): read how it ended.
  const waitingForReply = ((status === "ready" && !chat.error) || reconnecting) && last?.role === "assistant" && last.metadata?.status === "streaming";
  // The settled reply arrives with the newest page: keep any earlier pages already loaded above it.
  const onSettled = useCallback(
    (newest: ChatMessage[]) =>
      setMessages((current) => {
        const first = newest[0] ? current.findIndex((m) => m.id === newest[0]!.id) : -1;
        return first > 0 ? [...current.slice(0, first), ...newest] : newest;
      }),
    [setMessages],
  );
  useSettledReply({ threadId, waiting: waitingForReply, onSettled });
  const older = useOlderMessages({ threadId, initialCursor: olderCursor, setMessages });

  const { send: sendWith, retry: retryWith } = chat;
  const send = useCallback((text: string) => modelId && sendWith(text, modelId), [sendWith, modelId]);
  const retry = useCallback(() => modelId && retryWith(modelId), [retryWith, modelId]);

  const picker = (
    <ModelPicker models={models.data?.models} value={modelId} onChange={select} disabled={busy} />
  );

  return (
    <div data-testid="chat-view" className="flex min-h-0 flex-1 flex-col">
      <ChatHeader threadId={threadId} saved={chat.saved} />
      {messages.length === 0 ? (
        <div className="scrollbar-thin flex min-h-0 flex-1 flex-col overflow-y-auto px-4 pb-6">
          {/* m-auto centres it, yet lets a tall notice scroll from its top on small screens. */}
          <div className="m-auto w-full">
            {noProvider ? <NoProviderNotice /> : <EmptyState onSuggestion={(p) => composer.current?.setDraft(p)} />}
          </div>
        </div>
      ) : (
        <>
          {noProvider && (
            <div className="px-4 pb-2">
              <NoProviderNotice compact />
            </div>
          )}
          <MessageList
            messages={messages}
            chatStatus={status}
            error={errorText}
            reconnecting={reconnecting}
            onRetry={retry}
            older={older}
          />
        </>
      )}
      <Composer
        ref={composer}
        busy={busy}
        disabled={noProvider || !modelId}
        disabledHint={noProvider ? "Connect a model provider to start chatting" : undefined}
        onSend={send}
        onStop={() => void chat.stop()}
        toolbar={picker}
      />
    </div>
  );
}
