"use client";

import { useQuery } from "@tanstack/react-query";
import { Loader2Icon } from "lucide-react";
import dynamic from "next/dynamic";
import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { fromColumns } from "@/lib/chat/tree";
import { useTRPC } from "@/trpc/client";
import { describeTotals } from "./describe-totals";
import { buildSegments, treeTotals } from "./segments";

// React Flow and dagre are loaded the first time the map opens, not with every chat page.
const TreeMap = dynamic(() => import("./tree-map").then((m) => m.TreeMap), { ssr: false, loading: () => <Loading /> });

function Loading() {
  return (
    <div className="flex h-full items-center justify-center text-muted-foreground" role="status">
      <Loader2Icon className="size-5 animate-spin" aria-hidden />
      <span className="sr-only">Loading the map…</span>
    </div>
  );
}

type Props = {
  threadId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Show the branch through this message. */
  onJump: (messageId: string) => void;
  /** A reply is streaming: the branch can't change under it. */
  busy: boolean;
};

/** The thread's tree in a side panel: every branch, where you are, and what each branch cost. */
export function TreeMapPanel({ threadId, open, onOpenChange, onJump, busy }: Props) {
  const trpc = useTRPC();
  const tree = useQuery({ ...trpc.threads.tree.queryOptions({ threadId }), enabled: open });
  const segments = useMemo(() => (tree.data ? buildSegments(fromColumns(tree.data.columns), tree.data.leafMessageId) : undefined), [tree.data]);
  const summary = useMemo(() => {
    if (!segments) return undefined;
    const totals = treeTotals(segments);
    return `${totals.branches} ${totals.branches === 1 ? "branch" : "branches"} · ${describeTotals(totals)}`;
  }, [segments]);

  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent side="right" closeLabel="Close the map" data-testid="tree-map" aria-describedby={undefined}>
        <div className="flex flex-col gap-0.5 border-b px-4 py-3 pr-12">
          <SheetTitle className="text-sm font-semibold">Conversation map</SheetTitle>
          <SheetDescription className="text-xs text-muted-foreground" data-testid="tree-map-summary">
            {summary ?? "Every version of every message. The highlighted path is the one shown; click a box to switch to it."}
          </SheetDescription>
        </div>
        <div className="min-h-0 flex-1">
          {tree.isError ? (
            <div className="flex h-full flex-col items-center justify-center gap-3 text-sm text-muted-foreground">
              Couldn&apos;t load the map.
              <Button variant="outline" size="sm" onClick={() => void tree.refetch()}>
                Try again
              </Button>
            </div>
          ) : segments ? (
            <TreeMap segments={segments} onJump={onJump} disabled={busy} />
          ) : (
            <Loading />
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
