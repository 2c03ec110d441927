"use client";

import dagre from "@dagrejs/dagre";
import { Background, Controls, type Edge, Handle, MiniMap, type Node, type NodeProps, Position, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useTheme } from "next-themes";
import { memo, useMemo } from "react";
import { cn } from "@/lib/utils";
import { describeTotals } from "./describe-totals";
import { childrenBy, type Segment, type TreeMessage } from "./segments";

const WIDTH = 264;
const HEIGHT = 116;

type SegmentNode = Node<{ segment: Segment; onJump: (messageId: string) => void; disabled: boolean }, "segment">;

const STATUS_NOTE: Partial<Record<TreeMessage["status"], string>> = { error: "failed", stopped: "stopped", interrupted: "interrupted", streaming: "writing…" };

/** One run of messages: its question, its last reply, and what it holds. A click shows its branch. */
const SegmentBox = memo(function SegmentBox({ data }: NodeProps<SegmentNode>) {
  const { segment: s, onJump, disabled } = data;
  // A run that starts with a reply is one of several answers to the question above it.
  const startsWithReply = s.first.role === "assistant";
  const title = s.first.preview.trim() || (startsWithReply ? "…" : "(empty message)");
  // Under it: how a question's run ends (its last reply), or what was asked after a reply.
  const ending = startsWithReply ? s.question : s.reply;
  const note = s.reply && STATUS_NOTE[s.reply.status];
  return (
    <>
      <Handle type="target" position={Position.Top} className="!invisible" isConnectable={false} />
      <button
        type="button"
        data-testid="tree-node"
        data-on-path={s.onPath || undefined}
        data-current={s.holdsLeaf || undefined}
        data-starts-with={s.first.role}
        disabled={disabled}
        onClick={() => onJump(s.lastId)}
        aria-label={`${s.holdsLeaf ? "Current branch: " : "Show this branch: "}${title}`}
        aria-current={s.holdsLeaf ? "true" : undefined}
        style={{ width: WIDTH, height: HEIGHT }}
        className={cn(
          "pointer-events-auto flex cursor-pointer flex-col gap-1 overflow-hidden rounded-lg border bg-card p-2.5 text-left text-card-foreground shadow-xs outline-none transition-colors",
          // React Flow turns pointer events off on nodes that are neither selectable nor draggable.
          "hover:border-brand/70 focus-visible:ring-2 focus-visible:ring-ring/60 disabled:cursor-default",
          s.onPath ? "border-brand/70 bg-brand-soft/60" : "border-border",
          s.holdsLeaf && "ring-2 ring-brand",
        )}
      >
        <span className="flex items-start gap-1.5">
          {startsWithReply && (
            <span className="mt-px shrink-0 rounded bg-muted px-1 text-[10px] font-medium text-muted-foreground" title={s.first.modelId ?? undefined}>
              reply
            </span>
          )}
          <span className="line-clamp-2 min-w-0 flex-1 text-[13px] leading-snug font-medium">{title}</span>
          {s.holdsLeaf && <span className="mt-px shrink-0 rounded bg-brand px-1 text-[10px] font-medium text-brand-foreground">here</span>}
        </span>
        {(ending || note) && (
          <span className="line-clamp-1 text-xs text-muted-foreground">
            {note && <span className="mr-1 text-destructive">{note}</span>}
            {ending ? `${startsWithReply ? "→ " : ""}${ending.preview.trim() || "…"}` : null}
          </span>
        )}
        <span className="mt-auto flex flex-col gap-0.5 text-[11px] tabular-nums text-muted-foreground">
          <span data-testid="tree-node-own">{describeTotals(s.own)}</span>
          {s.isLeaf && (
            <span data-testid="tree-node-branch" className="font-medium text-foreground/80">
              Branch: {describeTotals(s.branch)}
            </span>
          )}
        </span>
      </button>
      <Handle type="source" position={Position.Bottom} className="!invisible" isConnectable={false} />
    </>
  );
});

const nodeTypes = { segment: SegmentBox };

/**
 * The runs depth first, the one on the path shown last among its siblings: dagre's ordering
 * then places it leftmost in its layer, and aligned with its lower-left neighbours ("DL") the
 * path runs straight down while every other branch hangs off it to the right, instead of a
 * staircase drifting across at each fork. (The e2e test of 500 messages pins the straight path.)
 */
function pathFirst(segments: Segment[]): Segment[] {
  const children = childrenBy(segments, (s) => s.parentSegmentId);
  const order: Segment[] = [];
  const byPath = (a: Segment, b: Segment) => Number(a.onPath) - Number(b.onPath);
  const stack = [...(children.get(null) ?? [])].sort(byPath).reverse();
  while (stack.length > 0) {
    const s = stack.pop()!;
    order.push(s);
    stack.push(...[...(children.get(s.id) ?? [])].sort(byPath).reverse());
  }
  return order;
}

/** Top to bottom, laid out by dagre: each run below the one it forks from. */
function layout(all: Segment[], onJump: (id: string) => void, disabled: boolean): { nodes: SegmentNode[]; edges: Edge[] } {
  const segments = pathFirst(all);
  const g = new dagre.graphlib.Graph().setDefaultEdgeLabel(() => ({}));
  g.setGraph({ rankdir: "TB", align: "DL", nodesep: 28, ranksep: 44, marginx: 16, marginy: 16 });
  for (const s of segments) g.setNode(s.id, { width: WIDTH, height: HEIGHT });
  const edges: Edge[] = [];
  for (const s of segments) {
    if (!s.parentSegmentId) continue;
    g.setEdge(s.parentSegmentId, s.id);
    edges.push({
      id: `${s.parentSegmentId}-${s.id}`,
      source: s.parentSegmentId,
      target: s.id,
      type: "smoothstep",
      selectable: false,
      style: s.onPath ? { stroke: "var(--brand)", strokeWidth: 2.5 } : { stroke: "var(--border)", strokeWidth: 1.5 },
      zIndex: s.onPath ? 1 : 0,
    });
  }
  dagre.layout(g);
  const nodes = segments.map((s): SegmentNode => {
    const { x, y } = g.node(s.id);
    return { id: s.id, type: "segment", position: { x: x - WIDTH / 2, y: y - HEIGHT / 2 }, data: { segment: s, onJump, disabled }, width: WIDTH, height: HEIGHT };
  });
  return { nodes, edges };
}

type Props = {
  /** The thread's runs (buildSegments). */
  segments: Segment[];
  /** Show the branch through this message (the server picks the leaf the user left under it). */
  onJump: (messageId: string) => void;
  disabled?: boolean;
};

/** The thread's whole tree, runs of messages as boxes, the path shown now in the accent colour. */
export function TreeMap({ segments, onJump, disabled = false }: Props) {
  const { resolvedTheme } = useTheme();
  const { nodes, edges } = useMemo(() => layout(segments, onJump, disabled), [segments, onJump, disabled]);
  const current = segments.find((s) => s.holdsLeaf) ?? segments[0];
  // Opens on the current branch at a readable size; the rest is a pan or a zoom away.
  const fitViewOptions = useMemo(() => ({ nodes: current ? [{ id: current.id }] : undefined, maxZoom: 1, minZoom: 0.6, padding: 0.6 }), [current]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      colorMode={resolvedTheme === "dark" ? "dark" : "light"}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      maxZoom={1.5}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
    >
      <Background gap={20} size={1} />
      <MiniMap position="top-right" pannable zoomable nodeColor={(n) => ((n as SegmentNode).data.segment.onPath ? "var(--brand)" : "var(--muted-foreground)")} className="!hidden sm:!block" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
