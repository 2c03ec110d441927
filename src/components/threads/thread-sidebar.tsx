"use client";

import { ArchiveIcon, BotIcon, SearchIcon, SquarePenIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { BrandMark } from "@/components/brand-mark";
import { openCommandPalette } from "@/components/search/command-palette";
import { Button } from "@/components/ui/button";
import { type SessionUserInfo, UserMenu } from "@/components/user-menu";
import { useNewChat } from "@/hooks/use-new-chat";
import { DndContext, type DragEndEvent, DragOverlay, type DragStartEvent, PointerSensor, useSensor, useSensors } from "@dnd-kit/core";
import { type KeyboardEvent, type RefObject, useCallback, useRef, useState } from "react";
import { useMoveThreads } from "@/hooks/use-move-threads";
import { FolderList } from "./folder-list";
import { SelectionBar } from "./selection-bar";
import { ThreadSelectionProvider, useThreadSelection } from "./thread-selection";
import { ThreadList } from "./thread-list";

/** At most what one bulk request takes. */
const SELECT_MAX = 500;

export function ThreadSidebar({ user }: { user: SessionUserInfo }) {
  const nav = useRef<HTMLElement>(null);
  // The chats in the order the sidebar shows them (open folders first), for Shift+click ranges.
  const order = useCallback(
    () => [...(nav.current?.querySelectorAll<HTMLElement>("[data-testid=thread-item]") ?? [])].map((el) => el.dataset.threadId!).slice(0, SELECT_MAX),
    [],
  );
  return (
    <ThreadSelectionProvider order={order}>
      <SidebarBody user={user} nav={nav} order={order} />
    </ThreadSelectionProvider>
  );
}

function SidebarBody({ user, nav, order }: { user: SessionUserInfo; nav: RefObject<HTMLElement | null>; order: () => string[] }) {
  const newChat = useNewChat();
  const selection = useThreadSelection();
  const move = useMoveThreads();
  // A drag starts after 6 px, so a click on a chat still opens it.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const [dragging, setDragging] = useState<string | null>(null);
  const onDragStart = (e: DragStartEvent) =>
    setDragging(selection.selected.has(String(e.active.id)) && selection.selected.size > 1 ? `${selection.selected.size} chats` : ((e.active.data.current?.title as string | undefined) ?? "Chat"));
  // Escape in the sidebar ends a selection (and goes no further: it would stop a reply).
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== "Escape" || !selection.active) return;
    e.stopPropagation();
    selection.clear();
  };
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const over = e.over?.id;
    if (typeof over !== "string" || !over.startsWith("folder:")) return;
    const folderId = over === "folder:root" ? null : over.slice("folder:".length);
    // A selected chat carries the whole selection with it.
    const id = String(e.active.id);
    move(selection.selected.has(id) ? [...selection.selected] : [id], folderId);
    if (selection.selected.has(id)) selection.clear();
  };

  return (
    <nav ref={nav} onKeyDown={onKeyDown} data-testid="sidebar" aria-label="Chats" className="flex h-full w-full flex-col bg-sidebar text-sidebar-foreground">
      <div className="flex h-14 shrink-0 items-center gap-2.5 px-4">
        <Link href="/" className="flex items-center gap-2.5 rounded-md outline-none focus-visible:ring-2 focus-visible:ring-ring/50">
          <BrandMark />
          <span className="text-[15px] font-semibold tracking-tight">Sidekiq</span>
        </Link>
      </div>
      <div className="px-3 pb-3">
        <Button
          data-testid="new-chat-button"
          variant="outline"
          className="h-9 w-full justify-start gap-2 bg-background/60 font-normal shadow-none dark:bg-transparent"
          onClick={newChat}
        >
          <SquarePenIcon className="text-muted-foreground" aria-hidden />
          New chat
        </Button>
        <div className="mt-2 flex flex-col gap-0.5">
          <button
            type="button"
            data-testid="nav-search"
            onClick={openCommandPalette}
            className="flex h-8 items-center gap-2 rounded-md px-2.5 text-left text-sm text-sidebar-foreground/85 outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-ring/50"
          >
            <SearchIcon className="size-4 text-muted-foreground" aria-hidden />
            <span className="flex-1">Search</span>
            <kbd className="rounded border border-sidebar-border bg-background/60 px-1.5 font-sans text-[11px] text-muted-foreground">Ctrl K</kbd>
          </button>
          <Link href="/sidekiqs" data-testid="nav-sidekiqs" className="flex h-8 items-center gap-2 rounded-md px-2.5 text-sm text-sidebar-foreground/85 outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-ring/50">
            <BotIcon className="size-4 text-muted-foreground" aria-hidden />
            Sidekiqs
          </Link>
          <Link href="/teams" data-testid="nav-teams" className="flex h-8 items-center gap-2 rounded-md px-2.5 text-sm text-sidebar-foreground/85 outline-none hover:bg-sidebar-accent focus-visible:ring-2 focus-visible:ring-ring/50">
            <UsersIcon className="size-4 text-muted-foreground" aria-hidden />
            Teams
          </Link>
        </div>
      </div>
      <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        <div className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 pt-1">
          <SelectionBar selectAll={order} />
          <FolderList />
          <ThreadList />
          <Link href="/archive" data-testid="nav-archive" className="mb-2 flex h-8 items-center gap-2 rounded-md px-3 text-xs text-muted-foreground hover:bg-sidebar-accent hover:text-foreground">
            <ArchiveIcon className="size-3.5" aria-hidden /> Archived chats
          </Link>
        </div>
        <DragOverlay dropAnimation={null}>
          {dragging && <div className="max-w-56 truncate rounded-lg border bg-popover px-3 py-1.5 text-sm shadow-lg">{dragging}</div>}
        </DragOverlay>
      </DndContext>
      <div className="shrink-0 border-t border-sidebar-border p-2">
        <UserMenu user={user} />
      </div>
    </nav>
  );
}
