import type { TextStreamPart, ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { ReplyRecorder } from "./reply-recorder";

type Part = TextStreamPart<ToolSet>;
const delta = (text: string): Part => ({ type: "text-delta", id: "t1", text });
const usage = { inputTokens: 3, outputTokens: 4, totalTokens: 7 } as Extract<Part, { type: "finish" }>["totalUsage"];
const finish: Part = { type: "finish", finishReason: "stop", rawFinishReason: "stop", totalUsage: usage };

function recorded(parts: Part[], setup?: (r: ReplyRecorder) => void) {
  const r = new ReplyRecorder();
  setup?.(r);
  for (const p of parts) r.record(p);
  return r;
}

describe("ReplyRecorder", () => {
  it("keeps a finished reply with its usage", () => {
    expect(recorded([delta("Hello, "), delta("world"), finish]).result()).toMatchObject({
      status: "complete",
      text: "Hello, world",
      finishReason: "stop",
      usage,
      parts: [{ type: "text", text: "Hello, world", state: "done" }],
    });
  });

  it("marks an errored, aborted, stopped or unfinished stream and keeps the partial text", () => {
    expect(recorded([delta("part"), { type: "error", error: new Error("boom") }]).result()).toMatchObject({ status: "error", text: "part" });
    expect(recorded([delta("half"), { type: "abort" }], (r) => (r.stopRequested = true)).result()).toMatchObject({ status: "stopped", text: "half" });
    expect(recorded([delta("slow"), { type: "abort" }]).result().status).toBe("error");
    expect(recorded([delta("cut")]).result()).toMatchObject({ status: "error", text: "cut" });
    const dropped = recorded([delta("dro")]);
    dropped.fail(new TypeError("terminated"));
    expect(dropped.result()).toMatchObject({ status: "error", text: "dro" });
  });

  it("keeps reasoning apart from the answer", () => {
    expect(recorded([{ type: "reasoning-delta", id: "r", text: "think" }, delta("answer"), finish]).result().parts).toEqual([
      { type: "reasoning", text: "think", state: "done" },
      { type: "text", text: "answer", state: "done" },
    ]);
  });
});
