"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, FolderIcon, FolderInputIcon, FolderOutputIcon, Trash2Icon, XIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useNewChat } from "@/hooks/use-new-chat";
import { useTRPC } from "@/trpc/client";
import { useThreadSelection } from "./thread-selection";

const chats = (n: number) => `${n} ${n === 1 ? "chat" : "chats"}`;

/** Above the list while chats are selected: move, archive or delete them at once. */
export function SelectionBar({ selectAll }: { selectAll: () => string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const selection = useThreadSelection();
  const newChat = useNewChat();
  const pathname = usePathname();
  const folders = useQuery(trpc.folders.list.queryOptions());
  const [confirmDelete, setConfirmDelete] = useState(false);
  const ids = [...selection.selected];

  const done = (message: string) => {
    selection.clear();
    toast.success(message);
  };
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.threads.list.pathFilter());
    void queryClient.invalidateQueries(trpc.folders.list.pathFilter());
  };
  const move = useMutation(
    trpc.threads.move.mutationOptions({
      onSuccess: ({ moved }, { folderId }) => done(`Moved ${chats(moved)} ${folderId ? `to “${folders.data?.find((f) => f.id === folderId)?.name ?? "the folder"}”` : "out of their folders"}.`),
      onError: () => toast.error("Couldn't move the chats. Try again."),
      onSettled: refresh,
    }),
  );
  const archive = useMutation(
    trpc.threads.archiveMany.mutationOptions({
      onSuccess: ({ changed }) => done(`Archived ${chats(changed)}. Find them under Archived chats.`),
      onError: () => toast.error("Couldn't archive the chats. Try again."),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.threads.deleteMany.mutationOptions({
      onSuccess: ({ deleted }, { threadIds }) => {
        if (pathname.startsWith("/chat/") && threadIds.includes(pathname.slice("/chat/".length))) newChat();
        done(`Deleted ${chats(deleted)}.`);
      },
      onError: () => toast.error("Couldn't delete the chats. Try again."),
      onSettled: refresh,
    }),
  );
  const busy = move.isPending || archive.isPending || remove.isPending;
  if (!selection.active) return null;

  return (
    <div
      data-testid="selection-bar"
      role="toolbar"
      aria-label="Selected chats"
      className="sticky top-0 z-10 mb-2 flex items-center gap-0.5 rounded-lg border border-sidebar-border bg-sidebar/95 p-1 shadow-sm backdrop-blur"
    >
      <Button variant="ghost" size="icon" className="size-7" aria-label="Clear the selection" data-testid="selection-clear" onClick={selection.clear}>
        <XIcon />
      </Button>
      <button
        type="button"
        data-testid="selection-count"
        title="Select every chat shown"
        className="min-w-0 flex-1 truncate rounded px-1 text-left text-xs font-medium tabular-nums hover:underline"
        onClick={() => selection.set(selectAll())}
      >
        {ids.length} selected
      </button>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="size-7" aria-label="Move to a folder" data-testid="selection-move" disabled={busy}>
            <FolderInputIcon />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-48">
          {folders.data?.map((f) => (
            <DropdownMenuItem key={f.id} data-testid="selection-move-to" data-folder-id={f.id} onSelect={() => move.mutate({ threadIds: ids, folderId: f.id })}>
              <FolderIcon /> <span className="truncate">{f.name}</span>
            </DropdownMenuItem>
          ))}
          {(folders.data?.length ?? 0) > 0 && <DropdownMenuSeparator />}
          <DropdownMenuItem data-testid="selection-move-out" onSelect={() => move.mutate({ threadIds: ids, folderId: null })}>
            <FolderOutputIcon /> Out of any folder
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <Button variant="ghost" size="icon" className="size-7" aria-label="Archive the selected chats" data-testid="selection-archive" disabled={busy} onClick={() => archive.mutate({ threadIds: ids, archived: true })}>
        <ArchiveIcon />
      </Button>
      <Button variant="ghost" size="icon" className="size-7 text-destructive hover:text-destructive" aria-label="Delete the selected chats" data-testid="selection-delete" disabled={busy} onClick={() => setConfirmDelete(true)}>
        <Trash2Icon />
      </Button>
      <AlertDialog open={confirmDelete} onOpenChange={setConfirmDelete}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {chats(ids.length)}?</AlertDialogTitle>
            <AlertDialogDescription>They and all of their messages will be deleted for good. Archive them instead to keep them out of the way.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction variant="destructive" data-testid="selection-delete-confirm" onClick={() => remove.mutate({ threadIds: ids })}>
              Delete {chats(ids.length)}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
