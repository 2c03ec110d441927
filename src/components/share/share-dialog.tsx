"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, Link2Icon, Loader2Icon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { useTRPC } from "@/trpc/client";

const linkOf = (token: string) => `${window.location.origin}/share/${token}`;

/** Public read-only links to snapshots of the thread: made, copied and revoked here. */
export function ShareDialog({ threadId, open, onOpenChange }: { threadId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery({ ...trpc.shares.list.queryOptions({ threadId }), enabled: open });
  const refresh = () => queryClient.invalidateQueries(trpc.shares.list.queryFilter({ threadId }));
  const create = useMutation(trpc.shares.create.mutationOptions({ onSuccess: refresh, onError: () => toast.error("Couldn't make a link. Try again.") }));
  const revoke = useMutation(trpc.shares.revoke.mutationOptions({ onSuccess: refresh, onError: () => toast.error("Couldn't stop that link. Try again.") }));
  const copy = (token: string) =>
    void navigator.clipboard.writeText(linkOf(token)).then(
      () => toast.success("Link copied."),
      () => toast.error("Couldn't copy. Select the link and copy it."),
    );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="share-dialog" className="sm:max-w-lg">
        <DialogTitle>Share this chat</DialogTitle>
        <DialogDescription>
          Anyone with a link sees the chat as it is now, read only, without your email. Later messages are not added; a new link takes the chat as it is then.
        </DialogDescription>
        <div className="flex flex-col gap-2">
          {links.data?.map((l) => (
            <div key={l.token} data-testid="share-link" className="flex items-center gap-2 rounded-lg border px-3 py-2">
              <Link2Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
              <input readOnly value={linkOf(l.token)} data-testid="share-url" className="min-w-0 flex-1 truncate bg-transparent text-sm outline-none" onFocus={(e) => e.target.select()} aria-label="Link" />
              <Button size="sm" variant="ghost" onClick={() => copy(l.token)} aria-label="Copy link">
                <CopyIcon aria-hidden />
              </Button>
              <Button size="sm" variant="ghost" data-testid="share-revoke" className="text-destructive hover:text-destructive" disabled={revoke.isPending} onClick={() => revoke.mutate({ token: l.token })}>
                Stop sharing
              </Button>
            </div>
          ))}
          {links.data?.length === 0 && <p className="text-sm text-muted-foreground">No links yet.</p>}
          {links.isPending && <Loader2Icon className="size-4 animate-spin text-muted-foreground" aria-label="Loading links" />}
        </div>
        <div className="flex justify-end">
          <Button data-testid="share-create" disabled={create.isPending} onClick={() => create.mutate({ threadId }, { onSuccess: (s) => copy(s.token) })}>
            {create.isPending ? <Loader2Icon className="animate-spin" aria-hidden /> : <Link2Icon aria-hidden />} Create a link
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
