import type { TreeNode } from "@/lib/chat/tree";

/** A message of the thread's tree, as `threads.tree` returns it (as columns). */
export type TreeMessage = TreeNode;

export type Totals = { messages: number; tokens: number; cost: number };

/**
 * A run of messages with no fork inside it: it starts at a root or at one of several versions,
 * and goes on while each message has exactly one reply (or one next question). The map draws one
 * box per run, so a thread 500 messages long with 50 branches is about a hundred boxes, not 500.
 */
export type Segment = {
  /** Its first message's id. */
  id: string;
  /** The segment its first message hangs off; null at a root. */
  parentSegmentId: string | null;
  first: TreeMessage;
  /** Its last message: what a click on the box switches to (that message's branch as last left). */
  lastId: string;
  /** The first question in the run (for a run that starts with a reply, what was asked next). */
  question: TreeMessage | undefined;
  /** The last reply in the run, for its second line. */
  reply: TreeMessage | undefined;
  /** This run's own messages, tokens and cost. */
  own: Totals;
  /** The whole branch up to the end of this run, from the root: for a leaf run, the branch's totals. */
  branch: Totals;
  /** It ends at a leaf: one of the thread's branches. */
  isLeaf: boolean;
  /** On the path the thread shows now. */
  onPath: boolean;
  /** It holds the thread's active leaf. */
  holdsLeaf: boolean;
};

/** Items by their parent's key, in the order given. */
export function childrenBy<T, K>(items: readonly T[], parentOf: (item: T) => K): Map<K, T[]> {
  const children = new Map<K, T[]>();
  for (const item of items) {
    const key = parentOf(item);
    const list = children.get(key);
    if (list) list.push(item);
    else children.set(key, [item]);
  }
  return children;
}

/** The thread's totals: every message, and its branches (the runs that end at a leaf). */
export function treeTotals(segments: readonly Segment[]): Totals & { branches: number } {
  const t = { messages: 0, tokens: 0, cost: 0, branches: 0 };
  for (const s of segments) {
    t.messages += s.own.messages;
    t.tokens += s.own.tokens;
    t.cost += s.own.cost;
    if (s.isLeaf) t.branches += 1;
  }
  return t;
}

const tokensOf = (m: TreeMessage) => (m.inputTokens ?? 0) + (m.outputTokens ?? 0);

/** The thread's tree cut into runs (in the order written), and the active path marked on them. */
export function buildSegments(messages: TreeMessage[], leafId: string | null): Segment[] {
  const children = childrenBy(messages, (m) => m.parentId);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const onPath = new Set<string>();
  for (let id = leafId; id != null && !onPath.has(id); id = byId.get(id)?.parentId ?? null) onPath.add(id);

  const segments: Segment[] = [];
  const zero: Totals = { messages: 0, tokens: 0, cost: 0 };
  // Depth first from each root, without recursion: a thread can be thousands of messages deep.
  const stack: { start: TreeMessage; parentSegmentId: string | null; before: Totals }[] = (children.get(null) ?? [])
    .map((start) => ({ start, parentSegmentId: null, before: zero }))
    .reverse();
  const seen = new Set<string>();
  while (stack.length > 0) {
    const { start, parentSegmentId, before } = stack.pop()!;
    if (seen.has(start.id)) continue;
    const own: Totals = { messages: 0, tokens: 0, cost: 0 };
    let question: TreeMessage | undefined;
    let reply: TreeMessage | undefined;
    let current = start;
    for (;;) {
      seen.add(current.id);
      own.messages += 1;
      own.tokens += tokensOf(current);
      own.cost += current.cost ?? 0;
      if (current.role === "user") question ??= current;
      else reply = current;
      const next = children.get(current.id) ?? [];
      if (next.length !== 1 || seen.has(next[0]!.id)) break;
      current = next[0]!;
    }
    const branch = { messages: before.messages + own.messages, tokens: before.tokens + own.tokens, cost: before.cost + own.cost };
    const forks = (children.get(current.id) ?? []).filter((m) => !seen.has(m.id));
    segments.push({
      id: start.id,
      parentSegmentId,
      first: start,
      lastId: current.id,
      question,
      reply,
      own,
      branch,
      isLeaf: forks.length === 0,
      onPath: onPath.has(start.id),
      holdsLeaf: current.id === leafId,
    });
    for (const child of [...forks].reverse()) stack.push({ start: child, parentSegmentId: start.id, before: branch });
  }
  return segments;
}
