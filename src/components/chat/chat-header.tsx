"use client";

import { useQuery } from "@tanstack/react-query";
import { NetworkIcon, Share2Icon, XIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { ShareDialog } from "@/components/share/share-dialog";
import { SidekiqAvatar } from "@/components/sidekiqs/sidekiq-avatar";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { useHydrated } from "@/hooks/use-hydrated";
import { UNTITLED } from "@/components/threads/thread-item";
import { useTRPC } from "@/trpc/client";

type HeaderSidekiq = { id: string; name: string; avatarEmoji: string; avatarColor: string; avatarImageVersion?: number | null; available?: boolean };

type Props = {
  threadId: string;
  saved: boolean;
  /** The thread's Sidekiq, or a new chat's pick. */
  sidekiq: HeaderSidekiq | null;
  /** A new chat's pick can be taken back. */
  onRemoveSidekiq?: () => void;
  /** Opens the thread's tree map (a saved thread). */
  onOpenMap?: () => void;
};

/** The thread's title above the conversation, and its Sidekiq; leaves room for the phone hamburger. */
export function ChatHeader({ threadId, saved, sidekiq, onRemoveSidekiq, onOpenMap }: Props) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.threads.get.queryOptions({ threadId }), enabled: saved });
  const title = saved ? (data?.title ?? UNTITLED) : "";
  const gone = sidekiq?.available === false;
  const hydrated = useHydrated();
  const mac = hydrated && /Mac|iPhone|iPad/.test(navigator.userAgent);
  const [sharing, setSharing] = useState(false);

  return (
    <header className="flex h-14 shrink-0 items-center gap-3 px-4 pl-14 md:px-6">
      {sidekiq && (
        <div data-testid="thread-sidekiq" className="flex min-w-0 shrink-0 items-center gap-2 rounded-full border bg-card py-1 pr-2 pl-1 text-sm shadow-xs">
          <SidekiqAvatar emoji={sidekiq.avatarEmoji} color={sidekiq.avatarColor} image={{ sidekiqId: sidekiq.id, version: sidekiq.avatarImageVersion ?? null }} className="size-6 rounded-full text-sm" />
          {gone ? (
            <span className="max-w-40 truncate text-muted-foreground line-through" title="This Sidekiq is no longer available to you">
              {sidekiq.name}
            </span>
          ) : (
            <Link href={`/sidekiqs/${sidekiq.id}`} className="max-w-40 truncate font-medium hover:underline">
              {sidekiq.name}
            </Link>
          )}
          {onRemoveSidekiq && (
            <button type="button" aria-label="Chat without this Sidekiq" data-testid="remove-sidekiq" onClick={onRemoveSidekiq} className="rounded-full p-0.5 text-muted-foreground hover:bg-accent hover:text-foreground">
              <XIcon className="size-3.5" />
            </button>
          )}
        </div>
      )}
      <h1 data-testid="chat-title" className="min-w-0 truncate text-sm font-medium text-foreground/80">
        {title}
      </h1>
      {saved && (
        <button
          type="button"
          data-testid="open-share"
          aria-label="Share this chat"
          onClick={() => setSharing(true)}
          className="ml-auto flex h-8 shrink-0 items-center gap-1.5 rounded-md px-2 text-sm text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
        >
          <Share2Icon className="size-4" aria-hidden /> <span className="hidden sm:inline">Share</span>
        </button>
      )}
      {saved && <ShareDialog threadId={threadId} open={sharing} onOpenChange={setSharing} />}
      {saved && onOpenMap && (
        <Tooltip>
          <TooltipTrigger asChild>
            <button
              type="button"
              data-testid="open-tree-map"
              aria-label="Conversation map"
              aria-keyshortcuts="Control+Shift+E Meta+Shift+E"
              onClick={onOpenMap}
              className="flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground outline-none transition-colors hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring/50"
            >
              <NetworkIcon className="size-4" />
            </button>
          </TooltipTrigger>
          <TooltipContent>
            Conversation map <kbd className="ml-1 font-sans opacity-70">{mac ? "⌘⇧E" : "Ctrl+Shift+E"}</kbd>
          </TooltipContent>
        </Tooltip>
      )}
    </header>
  );
}
