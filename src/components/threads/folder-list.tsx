"use client";

import { useDroppable } from "@dnd-kit/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ChevronRightIcon, FolderIcon, FolderOpenIcon, FolderPlusIcon, MoreHorizontalIcon, PencilIcon, Trash2Icon } from "lucide-react";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { useThreadNavigation } from "@/hooks/use-thread-navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { FOLDER_NAME_MAX } from "@/lib/schemas/thread";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/client";
import { ThreadItem } from "./thread-item";

type Folder = { id: string; name: string; threadCount: number };

/** The id a folder (or the root, null) has as a drop target. */
export const dropId = (folderId: string | null) => (folderId ? `folder:${folderId}` : "folder:root");

function NameDialog({ title, initial, open, onOpenChange, onSave }: { title: string; initial: string; open: boolean; onOpenChange: (o: boolean) => void; onSave: (name: string) => void }) {
  const [name, setName] = useState(initial);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="folder-name-dialog">
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription className="sr-only">The folder&apos;s name</DialogDescription>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) onSave(name.trim());
          }}
          className="flex flex-col gap-4"
        >
          <Input autoFocus data-testid="folder-name-input" value={name} maxLength={FOLDER_NAME_MAX} onChange={(e) => setName(e.target.value)} placeholder="Folder name" />
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" data-testid="folder-name-save" disabled={!name.trim()}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The sidebar's folders, above the dated groups: each opens to its chats, and takes chats dropped on it. */
export function FolderList() {
  const trpc = useTRPC();
  const pathname = usePathname();
  const { pendingThreadId } = useThreadNavigation();
  const activeId = pendingThreadId ?? (pathname.startsWith("/chat/") ? pathname.slice("/chat/".length) : null);
  const queryClient = useQueryClient();
  const folders = useQuery(trpc.folders.list.queryOptions());
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.folders.list.pathFilter());
    void queryClient.invalidateQueries(trpc.threads.list.pathFilter());
  };
  const create = useMutation(trpc.folders.create.mutationOptions({ onSuccess: refresh, onError: () => toast.error("Couldn't make the folder.") }));
  const [creating, setCreating] = useState(false);

  return (
    <section aria-label="Folders" className="pb-3">
      <div className="flex items-center justify-between px-3 pb-1">
        <h2 className="text-xs font-medium text-muted-foreground">Folders</h2>
        <button type="button" data-testid="folder-create" aria-label="New folder" onClick={() => setCreating(true)} className="rounded p-1 text-muted-foreground hover:bg-sidebar-accent hover:text-foreground">
          <FolderPlusIcon className="size-3.5" />
        </button>
      </div>
      <ul className="space-y-0.5">
        {folders.data?.map((f) => (
          <li key={f.id}>
            <FolderRow folder={f} activeId={activeId} onChanged={refresh} />
          </li>
        ))}
      </ul>
      {creating && (
        <NameDialog
          title="New folder"
          initial=""
          open
          onOpenChange={setCreating}
          onSave={(name) => {
            setCreating(false);
            create.mutate({ name });
          }}
        />
      )}
    </section>
  );
}

function FolderRow({ folder, activeId, onChanged }: { folder: Folder; activeId: string | null; onChanged: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const { setNodeRef, isOver } = useDroppable({ id: dropId(folder.id) });
  const rename = useMutation(trpc.folders.rename.mutationOptions({ onSuccess: onChanged, onError: () => toast.error("Couldn't rename the folder.") }));
  const remove = useMutation(trpc.folders.delete.mutationOptions({ onSuccess: onChanged, onError: () => toast.error("Couldn't delete the folder.") }));
  const threads = useInfiniteQuery({
    ...trpc.threads.list.infiniteQueryOptions({ limit: 50, folderId: folder.id }, { getNextPageParam: (p) => p.nextCursor }),
    enabled: open,
  });
  const items = threads.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div ref={setNodeRef} data-testid="folder" data-folder-id={folder.id} data-drop-over={isOver || undefined} className={cn("rounded-lg", isOver && "bg-brand/10 ring-1 ring-brand/40")}>
      <div className="group/folder relative">
        <button
          type="button"
          data-testid="folder-toggle"
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          className="flex h-9 w-full items-center gap-2 rounded-lg px-3 pr-9 text-left text-sm text-sidebar-foreground/85 outline-none hover:bg-sidebar-accent/70 focus-visible:ring-2 focus-visible:ring-ring/50"
        >
          <ChevronRightIcon className={cn("size-3.5 shrink-0 text-muted-foreground transition-transform", open && "rotate-90")} aria-hidden />
          {open ? <FolderOpenIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden /> : <FolderIcon className="size-4 shrink-0 text-muted-foreground" aria-hidden />}
          <span data-testid="folder-name" className="min-w-0 flex-1 truncate">
            {folder.name}
          </span>
          <span data-testid="folder-count" className="text-xs tabular-nums text-muted-foreground">
            {folder.threadCount}
          </span>
        </button>
        <DropdownMenu>
          <DropdownMenuTrigger
            data-testid="folder-menu-button"
            aria-label={`Options for the folder “${folder.name}”`}
            className="absolute top-1/2 right-1 flex size-7 -translate-y-1/2 items-center justify-center rounded-md text-muted-foreground opacity-0 outline-none group-hover/folder:opacity-100 focus-visible:opacity-100 data-[state=open]:opacity-100 [@media(hover:none)]:opacity-100"
          >
            <MoreHorizontalIcon className="size-4" />
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start" className="w-44">
            <DropdownMenuItem data-testid="folder-rename" onSelect={() => setDialog("rename")}>
              <PencilIcon /> Rename
            </DropdownMenuItem>
            <DropdownMenuItem variant="destructive" data-testid="folder-delete" onSelect={() => setDialog("delete")}>
              <Trash2Icon /> Delete folder
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      {open && (
        <ul className="ml-4 space-y-0.5 border-l border-sidebar-border pl-1" data-testid="folder-threads">
          {items.map((t) => (
            <li key={t.id}>
              <ThreadItem thread={t} active={t.id === activeId} />
            </li>
          ))}
          {threads.isSuccess && items.length === 0 && <li className="px-3 py-1.5 text-xs text-muted-foreground">Empty. Drag chats here.</li>}
        </ul>
      )}
      {dialog === "rename" && (
        <NameDialog
          title="Rename folder"
          initial={folder.name}
          open
          onOpenChange={(o) => !o && setDialog(null)}
          onSave={(name) => {
            setDialog(null);
            rename.mutate({ folderId: folder.id, name });
          }}
        />
      )}
      <Dialog open={dialog === "delete"} onOpenChange={(o) => !o && setDialog(null)}>
        <DialogContent data-testid="folder-delete-dialog">
          <DialogTitle>Delete “{folder.name}”?</DialogTitle>
          <DialogDescription>Its {folder.threadCount} {folder.threadCount === 1 ? "chat goes" : "chats go"} back to the list; nothing is deleted but the folder.</DialogDescription>
          <DialogFooter>
            <Button variant="ghost" onClick={() => setDialog(null)}>
              Cancel
            </Button>
            <Button
              variant="destructive"
              data-testid="folder-delete-confirm"
              onClick={() => {
                setDialog(null);
                remove.mutate({ folderId: folder.id });
              }}
            >
              Delete folder
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
