import type { TextStreamPart, ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { FRAME_MS, ReplyRecorder } from "./reply-recorder";

type Part = TextStreamPart<ToolSet>;
const delta = (text: string): Part => ({ type: "text-delta", id: "t1", text });
const usage = { inputTokens: 3, outputTokens: 4, totalTokens: 7 } as Part extends { type: "finish"; totalUsage: infer U } ? U : never;
const finish: Part = { type: "finish", finishReason: "stop", rawFinishReason: "stop", totalUsage: usage };

async function run(recorder: ReplyRecorder, parts: { part: Part; waitMs?: number }[]) {
  const out: Part[] = [];
  const readable = new ReadableStream<Part>({
    async start(c) {
      for (const { part, waitMs } of parts) {
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        c.enqueue(part);
      }
      c.close();
    },
  }).pipeThrough(recorder.transform());
  for await (const p of readable) out.push(p);
  return out;
}

describe("ReplyRecorder", () => {
  it("sends the first delta at once and gathers quick ones into frames", async () => {
    const recorder = new ReplyRecorder();
    const parts = [delta("Hel"), delta("lo"), delta(", "), delta("world"), finish].map((part) => ({ part }));
    const out = await run(recorder, parts);
    const deltas = out.filter((p) => p.type === "text-delta").map((p) => (p as { text: string }).text);
    expect(deltas[0]).toBe("Hel");
    expect(deltas.join("")).toBe("Hello, world");
    expect(deltas.length).toBeLessThan(4);
    expect(out.at(-1)?.type).toBe("finish");
    expect(recorder.result()).toMatchObject({ status: "complete", text: "Hello, world", finishReason: "stop", usage });
  });

  it("flushes a held frame when the model pauses", async () => {
    const recorder = new ReplyRecorder();
    const out = await run(recorder, [
      { part: delta("a") },
      { part: delta("b") },
      { part: delta("c"), waitMs: FRAME_MS * 3 },
      { part: finish },
    ]);
    const deltas = out.filter((p) => p.type === "text-delta").map((p) => (p as { text: string }).text);
    expect(deltas).toEqual(["a", "b", "c"]);
  });

  it("marks an errored, aborted, stopped or unfinished stream and keeps the partial text", async () => {
    const errored = new ReplyRecorder();
    await run(errored, [{ part: delta("part") }, { part: { type: "error", error: new Error("boom") } }]);
    expect(errored.result()).toMatchObject({ status: "error", text: "part" });

    const stopped = new ReplyRecorder();
    stopped.stopRequested = true;
    await run(stopped, [{ part: delta("half") }, { part: { type: "abort" } }]);
    expect(stopped.result()).toMatchObject({ status: "stopped", text: "half" });

    const timedOut = new ReplyRecorder();
    await run(timedOut, [{ part: delta("slow") }, { part: { type: "abort" } }]);
    expect(timedOut.result().status).toBe("error");

    const cut = new ReplyRecorder();
    await run(cut, [{ part: delta("cut") }]);
    expect(cut.result()).toMatchObject({ status: "error", text: "cut" });
  });

  it("keeps reasoning apart from the answer", async () => {
    const recorder = new ReplyRecorder();
    await run(recorder, [
      { part: { type: "reasoning-delta", id: "r", text: "think" } },
      { part: delta("answer") },
      { part: finish },
    ]);
    expect(recorder.result().parts).toEqual([
      { type: "reasoning", text: "think", state: "done" },
      { type: "text", text: "answer", state: "done" },
    ]);
  });
});
