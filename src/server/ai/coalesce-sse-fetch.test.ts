import { describe, expect, it } from "vitest";
import { coalesceSseEvents } from "./coalesce-sse-fetch";

const enc = new TextEncoder();
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

async function run(pieces: string[]): Promise<string[]> {
  const out: string[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(enc.encode(p));
      c.close();
    },
  }).pipeThrough(coalesceSseEvents());
  const dec = new TextDecoder();
  let all = "";
  for await (const b of stream) all += dec.decode(b, { stream: true });
  for (const e of all.split("\n\n")) if (e) out.push(e);
  return out;
}

describe("coalesceSseEvents", () => {
  it("merges quick text-only chunks, keeps the first token and everything else in order", async () => {
    const events = await run([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hel" }),
      chunk({ content: "lo" }) + chunk({ content: " there" }),
      chunk({ tool_calls: [{ index: 0, id: "t", function: { name: "f", arguments: "" } }] }),
      chunk({}, "stop"),
      `data: ${JSON.stringify({ id: "c", choices: [], usage: { prompt_tokens: 1, completion_tokens: 3 } })}\n\n`,
      "data: [DONE]\n\n",
    ]);
    const parsed = events.map((e) => (e === "data: [DONE]" ? "[DONE]" : JSON.parse(e.slice(6))));
    expect(parsed[0].choices[0].delta).toEqual({ role: "assistant", content: "" });
    expect(parsed[1].choices[0].delta.content).toBe("Hel");
    expect(parsed[2].choices[0].delta.content).toBe("lo there");
    expect(parsed[3].choices[0].delta.tool_calls).toBeDefined();
    expect(parsed[4].choices[0].finish_reason).toBe("stop");
    expect(parsed[5].usage).toEqual({ prompt_tokens: 1, completion_tokens: 3 });
    expect(parsed[6]).toBe("[DONE]");
  });

  it("handles events split across network reads and passes errors through", async () => {
    const whole = chunk({ content: "abc" }) + `data: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`;
    const events = await run([whole.slice(0, 17), whole.slice(17, 60), whole.slice(60)]);
    expect(JSON.parse(events[0]!.slice(6)).choices[0].delta.content).toBe("abc");
    expect(JSON.parse(events[1]!.slice(6)).error.message).toBe("overloaded");
  });
});
