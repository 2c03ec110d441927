import type { TextStreamPart, ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { frameDeltas } from "./frame-deltas";
import { BASE_FRAME_MS as FRAME_MS } from "./frames";

type Part = TextStreamPart<ToolSet>;
const text = (t: string, id = "t1"): Part => ({ type: "text-delta", id, text: t });

async function run(parts: { part: Part; waitMs?: number }[]) {
  const out: Part[] = [];
  const transform = frameDeltas()({ tools: {}, stopStream: () => {} });
  const readable = new ReadableStream<Part>({
    async start(c) {
      for (const { part, waitMs } of parts) {
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        c.enqueue(part);
      }
      c.close();
    },
  }).pipeThrough(transform);
  for await (const p of readable) out.push(p);
  return out;
}

const texts = (out: Part[]) => out.flatMap((p) => (p.type === "text-delta" ? [p.text] : []));

describe("frameDeltas", () => {
  it("sends the first delta at once and gathers quick ones into frames", async () => {
    const out = await run([text("Hel"), text("lo"), text(", "), text("world"), { type: "finish-step" } as Part].map((part) => ({ part })));
    expect(texts(out)[0]).toBe("Hel");
    expect(texts(out).join("")).toBe("Hello, world");
    expect(texts(out).length).toBeLessThan(4);
    expect(out.at(-1)?.type).toBe("finish-step");
  });

  it("flushes a held frame when the model pauses", async () => {
    const out = await run([{ part: text("a") }, { part: text("b") }, { part: text("c"), waitMs: FRAME_MS * 3 }, { part: { type: "finish-step" } as Part }]);
    expect(texts(out)).toEqual(["a", "b", "c"]);
  });

  it("never merges across parts, kinds or other events, and keeps order", async () => {
    const out = await run(
      [
        { type: "reasoning-delta", id: "r", text: "think" } as Part,
        { type: "reasoning-delta", id: "r", text: "ing" } as Part,
        text("x", "t1"),
        text("y", "t2"),
        { type: "text-end", id: "t2" } as Part,
      ].map((part) => ({ part })),
    );
    expect(out.map((p) => `${p.type}:${"text" in p ? p.text : (p as { id: string }).id}`)).toEqual([
      "reasoning-delta:think",
      "reasoning-delta:ing",
      "text-delta:x",
      "text-delta:y",
      "text-end:t2",
    ]);
  });
});
