"use client";

import { useDraggable } from "@dnd-kit/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { ArchiveIcon, CheckIcon, CheckSquareIcon, FileDownIcon, FolderIcon, FolderOutputIcon, MoreHorizontalIcon, PencilIcon, PinIcon, PinOffIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { ThreadListItem } from "@/hooks/use-thread-cache";
import { useNewChat } from "@/hooks/use-new-chat";
import { useThreadNavigation } from "@/hooks/use-thread-navigation";
import { useMoveThreads } from "@/hooks/use-move-threads";
import { useThreadActions } from "@/hooks/use-thread-actions";
import { useTRPC } from "@/trpc/client";
import { cn } from "@/lib/utils";
import { DeleteThreadDialog } from "./delete-thread-dialog";
import { RenameThreadDialog } from "./rename-thread-dialog";
import { useThreadSelection } from "./thread-selection";

export const UNTITLED = "New chat";

export function ThreadItem({ thread, active }: { thread: ThreadListItem; active: boolean }) {
  const newChat = useNewChat();
  const { rename, pin, remove } = useThreadActions();
  const { openThread } = useThreadNavigation();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const title = thread.title ?? UNTITLED;
  const trpc = useTRPC();
  const folders = useQuery(trpc.folders.list.queryOptions());
  const move = useMoveThreads();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.threads.archive.mutationOptions({
      onSuccess: () => {
        toast.success("Archived. Find it under Archived chats.");
        void queryClient.invalidateQueries(trpc.threads.list.pathFilter());
        void queryClient.invalidateQueries(trpc.folders.list.pathFilter());
      },
      onError: () => toast.error("Couldn't archive the chat."),
    }),
  );
  // Dragged onto a folder (or the list) to file it there; a click still opens it (see the sensor's distance).
  const drag = useDraggable({ id: thread.id, data: { threadId: thread.id, title } });
  const selection = useThreadSelection();
  const selected = selection.selected.has(thread.id);

  const closeDialog = (open: boolean) => !open && setDialog(null);

  return (
    <div
      ref={drag.setNodeRef}
      {...drag.listeners}
      data-testid="thread-item"
      data-thread-id={thread.id}
      data-active={active ? "true" : "false"}
      data-selected={selected || undefined}
      className={cn("group/thread relative", drag.isDragging && "opacity-40")}
    >
      <Link
        href={`/chat/${thread.id}`}
        aria-current={active ? "page" : undefined}
        // While chats are selected a click selects (Shift+click a range) instead of opening.
        onClick={(e) => {
          if (!selection.active || e.metaKey || e.ctrlKey) return;
          e.preventDefault();
          selection.click(thread.id, e.shiftKey);
        }}
        // Next calls this only for the navigation it would make itself (not a new-tab click): the
        // thread opens through the shell instead, with its skeleton showing.
        onNavigate={(e) => {
          e.preventDefault();
          if (!active) openThread(thread.id);
        }}
        className={cn(
          "flex h-9 items-center gap-2 rounded-lg px-3 pr-9 text-sm text-sidebar-foreground/85 outline-none transition-colors",
          "hover:bg-sidebar-accent/70 hover:text-sidebar-foreground focus-visible:ring-2 focus-visible:ring-ring/50",
          active && "bg-sidebar-accent font-medium text-sidebar-foreground",
          selected && "bg-brand/10 text-sidebar-foreground",
        )}
      >
        {selection.active && (
          <span
            data-testid="thread-checkbox"
            aria-hidden
            className={cn(
              "flex size-4 shrink-0 items-center justify-center rounded border border-muted-foreground/50 bg-background",
              selected && "border-brand bg-brand text-brand-foreground",
            )}
          >
            {selected && <CheckIcon className="size-3" strokeWidth={3} />}
          </span>
        )}
        {selected && <span className="sr-only">Selected: </span>}
        {thread.isPinned && <PinIcon className="size-3 shrink-0 text-muted-foreground" aria-label="Pinned" />}
        <span data-testid="thread-title-text" className="truncate">
          {title}
        </span>
      </Link>
      <DropdownMenu>
        <DropdownMenuTrigger
          data-testid="thread-menu-button"
          aria-label={`Options for “${title}”`}
          className={cn(
            "absolute top-1/2 right-1 flex size-7 -translate-y-1/2 items-center justify-center rounded-md text-muted-foreground outline-none transition-opacity",
            "hover:bg-background/70 hover:text-foreground focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-ring/50 data-[state=open]:opacity-100",
            "opacity-0 group-hover/thread:opacity-100 [@media(hover:none)]:opacity-100",
            active && "opacity-100",
          )}
        >
          <MoreHorizontalIcon className="size-4" />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-48">
          <DropdownMenuItem data-testid="thread-select" onSelect={() => selection.toggle(thread.id)}>
            <CheckSquareIcon /> {selected ? "Deselect" : "Select"}
          </DropdownMenuItem>
          <DropdownMenuItem data-testid="thread-rename" onSelect={() => setDialog("rename")}>
            <PencilIcon /> Rename
          </DropdownMenuItem>
          <DropdownMenuItem
            data-testid="thread-pin"
            onSelect={() => pin.mutate({ threadId: thread.id, pinned: !thread.isPinned })}
          >
            {thread.isPinned ? <PinOffIcon /> : <PinIcon />} {thread.isPinned ? "Unpin" : "Pin"}
          </DropdownMenuItem>
          {(folders.data?.length ?? 0) > 0 || thread.folderId ? (
            <>
              <DropdownMenuSeparator />
              <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">Move to</DropdownMenuLabel>
              {folders.data
                ?.filter((f) => f.id !== thread.folderId)
                .map((f) => (
                  <DropdownMenuItem key={f.id} data-testid="thread-move" data-folder-id={f.id} onSelect={() => move([thread.id], f.id)}>
                    <FolderIcon /> <span className="truncate">{f.name}</span>
                  </DropdownMenuItem>
                ))}
              {thread.folderId && (
                <DropdownMenuItem data-testid="thread-move-out" onSelect={() => move([thread.id], null)}>
                  <FolderOutputIcon /> Out of the folder
                </DropdownMenuItem>
              )}
              <DropdownMenuSeparator />
            </>
          ) : null}
          <DropdownMenuItem data-testid="thread-archive" onSelect={() => archive.mutate({ threadId: thread.id, archived: true })}>
            <ArchiveIcon /> Archive
          </DropdownMenuItem>
          <DropdownMenuItem asChild data-testid="thread-export-md">
            <a href={`/api/threads/${thread.id}/export?format=md`} download>
              <FileDownIcon /> Export as Markdown
            </a>
          </DropdownMenuItem>
          <DropdownMenuItem asChild data-testid="thread-export-json">
            <a href={`/api/threads/${thread.id}/export?format=json`} download>
              <FileDownIcon /> Export as JSON
            </a>
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" data-testid="thread-delete" onSelect={() => setDialog("delete")}>
            <Trash2Icon /> Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <RenameThreadDialog
        open={dialog === "rename"}
        onOpenChange={closeDialog}
        currentTitle={thread.title ?? ""}
        onSave={(next) => {
          setDialog(null);
          if (next !== thread.title) rename.mutate({ threadId: thread.id, title: next });
        }}
      />
      <DeleteThreadDialog
        open={dialog === "delete"}
        onOpenChange={closeDialog}
        title={title}
        onConfirm={() => {
          remove.mutate({ threadId: thread.id });
          if (active) newChat();
        }}
      />
    </div>
  );
}
