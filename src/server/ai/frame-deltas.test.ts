import { describe, expect, it } from "vitest";
import { frameDeltas } from "./frame-deltas";
import { BASE_FRAME_MS as FRAME_MS } from "./frames";

type Part = { type: string; id?: string; delta?: string };
const text = (delta: string, id = "t1"): Part => ({ type: "text-delta", id, delta });

async function run(parts: { part: Part; waitMs?: number }[]) {
  const out: Part[] = [];
  const readable = new ReadableStream<Part>({
    async start(c) {
      for (const { part, waitMs } of parts) {
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        c.enqueue(part);
      }
      c.close();
    },
  }).pipeThrough(frameDeltas<Part>());
  for await (const p of readable) out.push(p);
  return out;
}

const deltas = (out: Part[]) => out.filter((p) => p.type === "text-delta").map((p) => p.delta);

describe("frameDeltas", () => {
  it("sends the first delta at once and gathers quick ones into frames", async () => {
    const out = await run([text("Hel"), text("lo"), text(", "), text("world"), { type: "finish" }].map((part) => ({ part })));
    expect(deltas(out)[0]).toBe("Hel");
    expect(deltas(out).join("")).toBe("Hello, world");
    expect(deltas(out).length).toBeLessThan(4);
    expect(out.at(-1)?.type).toBe("finish");
  });

  it("flushes a held frame when the model pauses", async () => {
    const out = await run([{ part: text("a") }, { part: text("b") }, { part: text("c"), waitMs: FRAME_MS * 3 }, { part: { type: "finish" } }]);
    expect(deltas(out)).toEqual(["a", "b", "c"]);
  });

  it("never merges across parts, kinds or other events, and keeps order", async () => {
    const out = await run(
      [
        { type: "reasoning-delta", id: "r", delta: "think" },
        { type: "reasoning-delta", id: "r", delta: "ing" },
        text("x", "t1"),
        text("y", "t2"),
        { type: "text-end", id: "t2" },
      ].map((part) => ({ part })),
    );
    expect(out.map((p) => `${p.type}:${p.delta ?? p.id}`)).toEqual([
      "reasoning-delta:think",
      "reasoning-delta:ing",
      "text-delta:x",
      "text-delta:y",
      "text-end:t2",
    ]);
  });
});
