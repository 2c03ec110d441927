import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { coalescingFetch, SseCoalescer } from "./coalesce-sse-fetch";

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

async function run(pieces: string[]): Promise<string[]> {
  let all = "";
  const coalescer = new SseCoalescer((s) => {
    all += s;
  });
  for (const p of pieces) coalescer.push(p);
  coalescer.end();
  return all.split("\n\n").filter(Boolean);
}

describe("SseCoalescer", () => {
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

  it("sends the opening role chunk with the first token when both come in one read, and alone otherwise", async () => {
    const together = await run([chunk({ role: "assistant", content: "" }) + chunk({ content: "Hel" }), chunk({ content: "lo" })]);
    expect(together.map((e) => JSON.parse(e.slice(6)).choices[0].delta)).toEqual([{ role: "assistant", content: "Hel" }, { content: "lo" }]);

    // The role chunk ahead of the text (a model that thinks first): it goes out at the end of its read.
    let written = "";
    const coalescer = new SseCoalescer((s) => {
      written += s;
    });
    coalescer.push(chunk({ role: "assistant", content: "" }));
    expect(JSON.parse(written.slice(6)).choices[0].delta).toEqual({ role: "assistant", content: "" });
    // The same when the next thing in the read is not text.
    const beforeTool = await run([chunk({ role: "assistant", content: "" }) + chunk({ tool_calls: [{ index: 0, id: "t" }] })]);
    expect(beforeTool.map((e) => Object.keys(JSON.parse(e.slice(6)).choices[0].delta))).toEqual([["role", "content"], ["tool_calls"]]);
  });

  it("merges reasoning runs as it merges text, one kind per run, in order", async () => {
    const events = await run([
      chunk({ role: "assistant", content: "" }) + chunk({ content: null, reasoning_content: "Let " }),
      chunk({ content: null, reasoning_content: "me " }) + chunk({ content: null, reasoning_content: "think." }),
      chunk({ content: "The " }) + chunk({ content: "answer." }),
      chunk({ reasoning: "Ollama " }) + chunk({ reasoning: "style." }),
      // Two kinds at once is not a run of either: it passes as it came.
      chunk({ reasoning: "a", reasoning_content: "a" }),
    ]);
    const deltas = events.map((e) => JSON.parse(e.slice(6)).choices[0].delta);
    expect(deltas).toEqual([
      { role: "assistant", content: "", reasoning_content: "Let " },
      { content: null, reasoning_content: "me think." },
      { content: "The answer." },
      { reasoning: "Ollama style." },
      { reasoning: "a", reasoning_content: "a" },
    ]);
  });

  it("handles events split across network reads and passes errors through", async () => {
    const whole = chunk({ content: "abc" }) + `data: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`;
    const events = await run([whole.slice(0, 17), whole.slice(17, 60), whole.slice(60)]);
    expect(JSON.parse(events[0]!.slice(6)).choices[0].delta.content).toBe("abc");
    expect(JSON.parse(events[1]!.slice(6)).error.message).toBe("overloaded");
  });
});

describe("coalescingFetch", () => {
  async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, fn: (url: string) => Promise<void>) {
    const server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("sends the method, headers and body, and merges a streamed reply into frames", async () => {
    let seen: { method?: string; auth?: string; body?: string } = {};
    await withServer(
      async (req, res) => {
        let body = "";
        for await (const c of req) body += c;
        seen = { method: req.method, auth: req.headers.authorization, body };
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk({ role: "assistant", content: "" }));
        await sleep(5); // its own network read
        for (const t of ["a", "b", "c", "d"]) {
          res.write(chunk({ content: t }));
          await sleep(2);
        }
        res.end(chunk({}, "stop") + "data: [DONE]\n\n");
      },
      async (url) => {
        const res = await coalescingFetch(() => 50)(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { authorization: "Bearer k", "content-type": "application/json" },
          body: '{"stream":true}',
        });
        expect(res.status).toBe(200);
        const events = (await res.text()).split("\n\n").filter(Boolean);
        expect(seen).toEqual({ method: "POST", auth: "Bearer k", body: '{"stream":true}' });
        const contents = events.slice(0, -2).map((e) => JSON.parse(e.slice(6)).choices[0].delta.content);
        // The role chunk, the first token at once, then the rest in one frame.
        expect(contents).toEqual(["", "a", "bcd"]);
        expect(events.at(-1)).toBe("data: [DONE]");
      },
    );
  });

  it("hands over JSON and error responses as they came", async () => {
    await withServer(
      (req, res) => {
        const status = req.url === "/bad" ? 429 : 200;
        res.writeHead(status, { "content-type": "application/json", "x-request-id": "r1" });
        res.end(JSON.stringify({ status }));
      },
      async (url) => {
        const ok = await coalescingFetch()(`${url}/ok`);
        expect([ok.status, ok.headers.get("x-request-id"), await ok.json()]).toEqual([200, "r1", { status: 200 }]);
        const bad = await coalescingFetch()(`${url}/bad`, { method: "POST", body: "{}" });
        expect([bad.status, await bad.json()]).toEqual([429, { status: 429 }]);
      },
    );
  });

  it("fails like fetch when nothing listens, and stops reading when aborted", async () => {
    await expect(coalescingFetch()("http://127.0.0.1:9/v1/models")).rejects.toThrow(new TypeError("fetch failed"));
    let closed = false;
    await withServer(
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk({ content: "a" }));
        res.on("close", () => {
          closed = true;
        });
      },
      async (url) => {
        const abort = new AbortController();
        const res = await coalescingFetch()(url, { signal: abort.signal });
        const reader = res.body!.getReader();
        await reader.read();
        abort.abort();
        await expect(reader.read()).rejects.toThrow();
        for (let i = 0; i < 50 && !closed; i++) await sleep(10);
        expect(closed).toBe(true);
      },
    );
  });
});
