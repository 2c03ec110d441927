"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { SidekiqAvatar } from "@/components/sidekiqs/sidekiq-avatar";
import { useModelSelection } from "@/hooks/use-model-selection";
import { useJumpToMessage } from "@/hooks/use-jump-to-message";
import { useOlderMessages } from "@/hooks/use-older-messages";
import { useShortcut } from "@/hooks/use-shortcut";
import { useSettledReply } from "@/hooks/use-settled-reply";
import { useThreadCache } from "@/hooks/use-thread-cache";
import { useThreadChat } from "@/hooks/use-thread-chat";
import { type ChatMessage, messageText } from "@/lib/chat/message";
import { useTRPC } from "@/trpc/client";
import { ChatHeader } from "./chat-header";
import { Composer, type ComposerHandle, type Mention } from "./composer";
import { describeChatError } from "@/lib/chat/describe-chat-error";
import { EmptyState, SidekiqWelcome } from "./empty-state";
import type { MessageBranching } from "./message-item";
import { MessageList, type MessageListHandle } from "./message-list";
import { joinNewestPage, toChatMessage } from "./to-chat-message";
import { ModelPicker } from "./model-picker";
import { TreeMapPanel } from "./tree-map/tree-map-panel";
import { NoProviderNotice } from "./no-provider-notice";

type Props = {
  threadId: string;
  initialMessages?: ChatMessage[];
  /** The thread's last model, so an existing thread continues with it. */
  initialModelId?: string | null;
  /** Where the messages before `initialMessages` start, when the thread has more than its first page. */
  olderCursor?: string | null;
  /** A thread that doesn't exist yet: its URL becomes /chat/<id> once the first reply starts. */
  isNew?: boolean;
  /** A new chat started from a Sidekiq (its page, the gallery, a link). */
  initialSidekiqId?: string | null;
  /** A new chat's first words (a Sidekiq's starter picked on its page). */
  initialDraft?: string;
  /** A message to open the thread at (a search result): its branch, scrolled to it. */
  jumpTo?: string | null;
};

const NO_MESSAGES: ChatMessage[] = [];

export function ChatView({ threadId, initialMessages = NO_MESSAGES, initialModelId, olderCursor = null, isNew = false, initialSidekiqId = null, initialDraft, jumpTo = null }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const composer = useRef<ComposerHandle>(null);
  const router = useRouter();
  const threadCache = useThreadCache();
  const models = useQuery(trpc.models.list.queryOptions());
  // Set below, once the pages of older messages are known (a turn's end reads the path again).
  const resyncRef = useRef<() => void>(() => {});
  const onTurnSaved = useCallback(() => resyncRef.current(), []);
  const chat = useThreadChat({ threadId, initialMessages, isNew, onTurnSaved });
  const { messages, status, setMessages } = chat;

  // The Sidekiq: a new chat's pick (until its first message is saved), else the thread's own.
  const [pickedId, setPickedId] = useState<string | null>(initialSidekiqId);
  const choosing = isNew && !chat.saved;
  const picked = useQuery({ ...trpc.sidekiqs.get.queryOptions({ sidekiqId: pickedId ?? "" }), enabled: choosing && !!pickedId });
  const threadSidekiq = useQuery({ ...trpc.threads.sidekiq.queryOptions({ threadId }), enabled: chat.saved });
  const sidekiq = choosing ? (pickedId ? picked.data : undefined) : threadSidekiq.data;
  const { modelId, select } = useModelSelection(models.data?.models, initialModelId ?? (choosing ? picked.data?.defaultModelId : undefined));

  const [mentionQuery, setMentionQuery] = useState<string | null>(null);
  const pickable = useQuery({
    ...trpc.sidekiqs.pickable.queryOptions({ query: mentionQuery ?? "" }),
    enabled: choosing && mentionQuery !== null,
    placeholderData: keepPreviousData,
  });
  const mention = useMemo<Mention | undefined>(
    () =>
      choosing
        ? {
            items: (pickable.data ?? []).map((k) => ({ id: k.id, label: k.name, description: k.description, icon: <SidekiqAvatar emoji={k.avatarEmoji} color={k.avatarColor} image={{ sidekiqId: k.id, version: k.avatarImageVersion }} className="size-8 text-base" /> })),
            onQuery: setMentionQuery,
            onPick: setPickedId,
          }
        : undefined,
    [choosing, pickable.data],
  );

  // A thread whose Sidekiq is gone (deleted, made private, the user left the team): one click
  // turns it into a plain chat, and the refused message goes again.
  const detach = useMutation(trpc.threads.detachSidekiq.mutationOptions());

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
      setMessages((current) => joinNewestPage(current, newest) ?? newest),
    [setMessages],
  );
  useSettledReply({ threadId, waiting: waitingForReply, onSettled });
  const older = useOlderMessages({ threadId, initialCursor: olderCursor, messages, setMessages });

  // The active path's newest page from the server: its ids, and every message's versions.
  // Earlier pages already loaded stay when the page joins onto them; otherwise it replaces all.
  const readPath = useCallback(() => queryClient.fetchQuery({ ...trpc.messages.list.queryOptions({ threadId }), staleTime: 0 }), [queryClient, trpc, threadId]);
  const { restart: restartOlder } = older;
  const shown = useRef(messages);
  shown.current = messages;
  const showPath = useCallback(
    (page: Awaited<ReturnType<typeof readPath>>, { replace }: { replace: boolean }) => {
      const newest = page.items.map(toChatMessage);
      const joined = replace ? undefined : joinNewestPage(shown.current, newest);
      setMessages(joined ?? newest);
      // A page that replaces what was shown brings its own start for the pages before it.
      if (!joined) restartOlder(page.nextCursor);
    },
    [setMessages, restartOlder],
  );
  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(() => {
    resyncRef.current = () =>
      void readPath()
        .then((page) => {
          // A message sent meanwhile is this tab's newer word: leave it be.
          if (statusRef.current === "ready") showPath(page, { replace: false });
        })
        .catch(() => {});
  }, [readPath, showPath]);

  const [mapOpen, setMapOpen] = useState(false);
  const setLeaf = useMutation(trpc.threads.setActiveLeaf.mutationOptions());
  const forkThread = useMutation(trpc.threads.fork.mutationOptions());
  const { edit, regenerateReply } = chat;

  const { send: sendWith, retry: retryWith } = chat;
  const sidekiqId = choosing ? (pickedId ?? undefined) : undefined;
  // Sending (or sending again) always brings the conversation back into view, following the reply.
  const list = useRef<MessageListHandle>(null);
  const follow = useCallback(() => requestAnimationFrame(() => list.current?.scrollToBottom()), []);
  const send = useCallback((text: string) => {
    if (!modelId) return;
    sendWith(text, modelId, sidekiqId);
    follow();
  }, [sendWith, modelId, sidekiqId, follow]);
  const retry = useCallback(() => {
    if (!modelId) return;
    retryWith(modelId, sidekiqId);
    follow();
  }, [retryWith, modelId, sidekiqId, follow]);
  const errorCode = chat.error ? describeChatError(chat.error).code : undefined;
  // Refused because the Sidekiq is gone: the header shows it as gone at once.
  useEffect(() => {
    if (errorCode === "SIDEKIQ_UNAVAILABLE") void queryClient.invalidateQueries(trpc.threads.sidekiq.queryFilter({ threadId }));
  }, [errorCode, queryClient, trpc, threadId]);
  const errorAction =
    errorCode === "SIDEKIQ_UNAVAILABLE"
      ? {
          label: "Continue without it",
          onClick: () =>
            void detach.mutateAsync({ threadId }).then(async () => {
              await queryClient.invalidateQueries(trpc.threads.sidekiq.queryFilter({ threadId }));
              retry();
            }),
        }
      : errorCode === "PAYLOAD_TOO_LARGE"
        ? {
            // Too long for the model: back into the composer to shorten (or Retry after picking a larger model).
            label: "Edit message",
            onClick: () => {
              const text = chat.takeBack();
              if (text !== undefined) composer.current?.setDraft(text);
            },
          }
        : undefined;

  // The handlers read the latest state through a ref, so that the object the (memoised) messages
  // get changes only with `busy` and the models: a streaming reply re-renders the last one alone.
  const { mutateAsync: setLeafAsync, isPending: switching } = setLeaf;
  const { mutateAsync: forkAsync } = forkThread;
  const switchTo = (messageId: string) =>
    setLeafAsync({ threadId, messageId })
      .then(readPath)
      .then((page) => showPath(page, { replace: true }))
      .then(() => queryClient.invalidateQueries(trpc.threads.tree.queryFilter({ threadId })));
  const actions = useRef<Omit<MessageBranching, "busy" | "models"> & { onJump: (messageId: string) => void; switchTo: typeof switchTo }>(null!);
  actions.current = {
    switchTo,
    onSwitch: (_message, siblingId) => void switchTo(siblingId).catch(() => toast.error("Couldn't switch to that version. Try again.")),
    // From the tree map: the panel closes on the branch picked, shown from its newest page.
    onJump: (messageId) => {
      setMapOpen(false);
      void switchTo(messageId).catch(() => toast.error("Couldn't switch to that branch. Try again."));
    },
    onEdit: (message, text) => {
      if (!modelId) return;
      edit(message, text, modelId);
      follow();
    },
    onRegenerate: (message, pickedModel) => {
      follow();
      select(pickedModel);
      regenerateReply(message, pickedModel);
    },
    onFork: (message) =>
      void forkAsync({ threadId, messageId: message.id })
        .then(({ threadId: forkId }) => {
          void threadCache.invalidate();
          toast.success("Branched off into a new chat.");
          router.push(`/chat/${forkId}`);
        })
        .catch(() => toast.error("Couldn't branch off. Try again.")),
  };
  // Opened from search at one message: once it is on screen, the address is the thread's own again.
  const [jumpTarget, setJumpTarget] = useState(jumpTo);
  useEffect(() => setJumpTarget(jumpTo), [jumpTo]);
  const jumpSwitch = useCallback((messageId: string) => actions.current.switchTo(messageId), []);
  const jumpDone = useCallback(() => {
    setJumpTarget(null);
    // The router follows history.replaceState: no new render of the page for it.
    window.history.replaceState(null, "", `/chat/${threadId}`);
  }, [threadId]);
  const scrollToMessage = useCallback((messageId: string) => list.current?.scrollToMessage(messageId) ?? false, []);
  const highlightedId = useJumpToMessage({ target: jumpTarget, messages, switchTo: jumpSwitch, older, onDone: jumpDone, scrollTo: scrollToMessage });
  const branchModels = models.data?.models;
  const branching = useMemo<MessageBranching>(
    () => ({
      busy: busy || switching,
      models: branchModels,
      onSwitch: (m, id) => actions.current.onSwitch(m, id),
      onEdit: (m, t) => actions.current.onEdit(m, t),
      onRegenerate: (m, id) => actions.current.onRegenerate(m, id),
      onFork: (m) => actions.current.onFork(m),
    }),
    [busy, switching, branchModels],
  );

  // The tree map: the header's button, or Ctrl/Cmd+Shift+E anywhere on a saved thread.
  const onJump = useCallback((messageId: string) => actions.current.onJump(messageId), []);
  const openMap = useCallback(() => setMapOpen(true), []);
  const saved = chat.saved;
  useShortcut("conversation-map", () => setMapOpen((open) => !open), saved);
  // Esc stops the reply being written (unless a dialog or menu has it: they close on it).
  useShortcut(
    "stop",
    () => {
      if (!document.querySelector('[role="dialog"], [role="menu"], [role="listbox"]')) void chat.stop();
    },
    busy && !mapOpen,
  );
  useShortcut("copy-last-reply", () => {
    const reply = [...messages].reverse().find((m) => m.role === "assistant");
    const text = reply ? messageText(reply.parts) : "";
    if (!text) return void toast.info("There is no reply to copy yet.");
    void navigator.clipboard.writeText(text).then(
      () => toast.success("Copied the last reply."),
      () => toast.error("Couldn't copy. Your browser did not allow it."),
    );
  });

  const picker = (
    <ModelPicker models={models.data?.models} value={modelId} onChange={select} disabled={busy} />
  );

  return (
    <div data-testid="chat-view" className="flex min-h-0 flex-1 flex-col">
      <ChatHeader
        threadId={threadId}
        saved={chat.saved}
        sidekiq={sidekiq ?? null}
        onRemoveSidekiq={choosing && pickedId ? () => setPickedId(null) : undefined}
        onOpenMap={openMap}
      />
      {saved && <TreeMapPanel threadId={threadId} open={mapOpen} onOpenChange={setMapOpen} onJump={onJump} busy={busy || switching} />}
      {messages.length === 0 ? (
        <div className="scrollbar-thin flex min-h-0 flex-1 flex-col overflow-y-auto px-4 pb-6">
          {/* m-auto centres it, yet lets a tall notice scroll from its top on small screens. */}
          <div className="m-auto w-full">
            {noProvider ? (
              <NoProviderNotice />
            ) : sidekiq && "starters" in sidekiq ? (
              <SidekiqWelcome sidekiq={sidekiq} onStarter={(p) => composer.current?.setDraft(p)} />
            ) : (
              <EmptyState onSuggestion={(p) => composer.current?.setDraft(p)} hint={choosing ? "Type @ to chat with one of your Sidekiqs." : undefined} />
            )}
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
            ref={list}
            messages={messages}
            chatStatus={status}
            error={errorText}
            reconnecting={reconnecting}
            onRetry={retry}
            errorAction={errorAction}
            older={older}
            branching={chat.saved ? branching : undefined}
            highlightedId={highlightedId}
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
        mention={mention}
        initialDraft={initialDraft}
        placeholder={sidekiq ? `Message ${sidekiq.name}…` : undefined}
      />
    </div>
  );
}
