import type { UIMessageChunk } from "ai";
import { describe, expect, it } from "vitest";
import { PartsFollower, ReplyDraft } from "./reply-draft";

const chunks: UIMessageChunk[] = [
  { type: "start", messageId: "m" },
  { type: "start-step" },
  { type: "reasoning-start", id: "r" },
  { type: "reasoning-delta", id: "r", delta: "think " },
  { type: "reasoning-delta", id: "r", delta: "hard" },
  { type: "reasoning-end", id: "r" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello" },
];

/** What a reader that applies chunks ends up with (the same draft, fed by a follower's output). */
function replay(out: UIMessageChunk[]) {
  const d = new ReplyDraft();
  for (const c of out) d.apply(c);
  return d.parts;
}

describe("ReplyDraft", () => {
  it("builds the parts so far from the chunks, and counts its changes", () => {
    const d = new ReplyDraft();
    for (const c of chunks) d.apply(c);
    expect(d.parts).toEqual([
      { type: "step-start" },
      { type: "reasoning", text: "think hard", state: "done" },
      { type: "text", text: "Hello", state: "streaming" },
    ]);
    const v = d.version;
    d.apply({ type: "finish" });
    expect(d.version).toBe(v);
  });

  it("catches a reader up to the reply as saved, under the ids it already has", () => {
    const d = new ReplyDraft();
    for (const c of chunks) d.apply(c);
    const saved = [{ type: "step-start" as const }, { type: "reasoning" as const, text: "think hard", state: "done" as const }, { type: "text" as const, text: "Hello, world", state: "done" as const }];
    expect(d.chunksTo(saved)).toEqual([
      { type: "text-delta", id: "t", delta: ", world" },
      { type: "text-end", id: "t" },
    ]);
  });
});

describe("PartsFollower", () => {
  it("turns successive checkpoints into the chunks of what is new, and ends the open parts", () => {
    const f = new PartsFollower();
    const first = f.next([{ type: "step-start" }, { type: "text", text: "Hel", state: "streaming" }]);
    const second = f.next([{ type: "step-start" }, { type: "text", text: "Hello", state: "streaming" }, ]);
    const third = f.next([{ type: "step-start" }, { type: "text", text: "Hello", state: "streaming" }]);
    const end = f.close();
    expect(third).toEqual([]);
    expect(replay([...first, ...second, ...end])).toEqual([{ type: "step-start" }, { type: "text", text: "Hello", state: "done" }]);
  });
});
