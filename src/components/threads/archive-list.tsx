"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ArchiveRestoreIcon, ArchiveIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { PageFrame } from "@/components/sidekiqs/page-frame";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/client";
import { UNTITLED } from "./thread-item";

/** /archive: the chats put away, each (or a selection) restored to the list or deleted. */
export function ArchiveList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(trpc.threads.list.infiniteQueryOptions({ limit: 50, archived: true }, { getNextPageParam: (p) => p.nextCursor }));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const refresh = () => {
    setSelected(new Set());
    void queryClient.invalidateQueries(trpc.threads.list.pathFilter());
    void queryClient.invalidateQueries(trpc.folders.list.pathFilter());
  };
  const restore = useMutation(trpc.threads.archiveMany.mutationOptions({ onSuccess: refresh, onError: () => toast.error("Couldn't restore. Try again.") }));
  const remove = useMutation(trpc.threads.deleteMany.mutationOptions({ onSuccess: refresh, onError: () => toast.error("Couldn't delete. Try again.") }));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const chosen = [...selected];

  return (
    <PageFrame title="Archived chats" description="Put away, not deleted: restore one to bring it back to the list.">
      {items.length > 0 && (
        <div className="mb-3 flex items-center gap-2" data-testid="archive-bulk">
          <label className="flex items-center gap-2 text-sm text-muted-foreground">
            <input type="checkbox" data-testid="archive-select-all" checked={chosen.length === items.length} onChange={(e) => setSelected(new Set(e.target.checked ? items.map((t) => t.id) : []))} />
            {chosen.length ? `${chosen.length} selected` : "Select all"}
          </label>
          <Button size="sm" variant="outline" data-testid="archive-restore-selected" disabled={!chosen.length || restore.isPending} onClick={() => restore.mutate({ threadIds: chosen, archived: false })}>
            <ArchiveRestoreIcon aria-hidden /> Restore
          </Button>
          <Button size="sm" variant="outline" data-testid="archive-delete-selected" className="text-destructive" disabled={!chosen.length || remove.isPending} onClick={() => remove.mutate({ threadIds: chosen })}>
            <Trash2Icon aria-hidden /> Delete
          </Button>
        </div>
      )}
      {query.isSuccess && items.length === 0 && (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed py-10 text-center text-sm text-muted-foreground" data-testid="archive-empty">
          <ArchiveIcon className="size-5" aria-hidden /> No archived chats.
        </div>
      )}
      <ul className="divide-y rounded-xl border" hidden={items.length === 0}>
        {items.map((t) => (
          <li key={t.id} data-testid="archived-thread" data-thread-id={t.id} className="flex items-center gap-3 px-3 py-2">
            <input type="checkbox" aria-label={`Select “${t.title ?? UNTITLED}”`} checked={selected.has(t.id)} onChange={() => toggle(t.id)} />
            <Link href={`/chat/${t.id}`} className="min-w-0 flex-1 truncate text-sm hover:underline">
              {t.title ?? UNTITLED}
            </Link>
            <span className="text-xs text-muted-foreground">{new Date(t.lastActivityAt).toLocaleDateString()}</span>
            <Button size="sm" variant="ghost" data-testid="archive-restore" onClick={() => restore.mutate({ threadIds: [t.id], archived: false })}>
              <ArchiveRestoreIcon aria-hidden /> Restore
            </Button>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <Button variant="ghost" className="mt-2 w-full" disabled={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
          Load more
        </Button>
      )}
    </PageFrame>
  );
}
