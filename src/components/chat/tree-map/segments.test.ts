import { describe, expect, it } from "vitest";
import { buildSegments, type TreeMessage, treeTotals } from "./segments";

const msg = (id: string, parentId: string | null, role: "user" | "assistant", extra: Partial<TreeMessage> = {}): TreeMessage => ({
  id,
  parentId,
  role,
  preview: `${role} ${id}`,
  status: "complete",
  modelId: role === "assistant" ? "m" : null,
  inputTokens: role === "assistant" ? 10 : null,
  outputTokens: role === "assistant" ? 5 : null,
  cost: role === "assistant" ? 0.5 : null,
  ...extra,
});

describe("buildSegments", () => {
  it("keeps a linear thread as one run", () => {
    const tree = [msg("u1", null, "user"), msg("a1", "u1", "assistant"), msg("u2", "a1", "user"), msg("a2", "u2", "assistant")];
    const [only, ...rest] = buildSegments(tree, "a2");
    expect(rest).toHaveLength(0);
    expect(only).toMatchObject({ id: "u1", lastId: "a2", isLeaf: true, onPath: true, holdsLeaf: true, parentSegmentId: null });
    expect(only!.question?.id).toBe("u1");
    expect(only!.reply?.id).toBe("a2");
    expect(only!.own).toEqual({ messages: 4, tokens: 30, cost: 1 });
  });

  it("cuts the tree at every fork, marks the path and sums each branch from the root", () => {
    // u1 → a1 → (u2 → a2 | u2b → (a2b | a2c))
    const tree = [
      msg("u1", null, "user"),
      msg("a1", "u1", "assistant"),
      msg("u2", "a1", "user"),
      msg("a2", "u2", "assistant"),
      msg("u2b", "a1", "user"),
      msg("a2b", "u2b", "assistant"),
      msg("a2c", "u2b", "assistant", { cost: 2 }),
    ];
    const segments = buildSegments(tree, "a2c");
    const by = Object.fromEntries(segments.map((s) => [s.id, s]));
    expect(segments.map((s) => s.id)).toEqual(["u1", "u2", "u2b", "a2b", "a2c"]);
    expect(by.u1).toMatchObject({ lastId: "a1", isLeaf: false, onPath: true, holdsLeaf: false });
    expect(by.u2).toMatchObject({ parentSegmentId: "u1", lastId: "a2", isLeaf: true, onPath: false });
    expect(by.u2b).toMatchObject({ parentSegmentId: "u1", lastId: "u2b", isLeaf: false, onPath: true });
    expect(by.a2b).toMatchObject({ parentSegmentId: "u2b", isLeaf: true, onPath: false, question: undefined });
    expect(by.a2c).toMatchObject({ parentSegmentId: "u2b", isLeaf: true, onPath: true, holdsLeaf: true });
    // Every branch's totals run from the root: u1, a1, u2b and its own reply.
    expect(by.a2c!.branch).toEqual({ messages: 4, tokens: 30, cost: 2.5 });
    expect(by.a2b!.branch).toEqual({ messages: 4, tokens: 30, cost: 1 });
    // The runs' own totals add up to the thread's.
    const sum = segments.reduce((t, s) => ({ messages: t.messages + s.own.messages, cost: t.cost + s.own.cost }), { messages: 0, cost: 0 });
    expect(sum).toEqual({ messages: 7, cost: 3.5 });
    expect(treeTotals(segments)).toEqual({ messages: 7, tokens: 60, cost: 3.5, branches: 3 });
  });

  it("handles several roots (an edited first message) and a thread 10,000 deep without recursion", () => {
    const tree: TreeMessage[] = [msg("r1", null, "user"), msg("r2", null, "user")];
    let parent = "r2";
    for (let i = 0; i < 10_000; i++) {
      const id = `d${i}`;
      tree.push(msg(id, parent, i % 2 ? "user" : "assistant"));
      parent = id;
    }
    const segments = buildSegments(tree, parent);
    expect(segments.map((s) => [s.id, s.lastId])).toEqual([
      ["r1", "r1"],
      ["r2", parent],
    ]);
    expect(segments[0]!.onPath).toBe(false);
    expect(segments[1]!.own.messages).toBe(10_001);
  });

  it("shows nothing as the path when the thread has no leaf yet", () => {
    const segments = buildSegments([msg("u1", null, "user")], null);
    expect(segments[0]).toMatchObject({ onPath: false, holdsLeaf: false, isLeaf: true });
  });
});
