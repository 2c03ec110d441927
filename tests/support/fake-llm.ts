/**
 * A fake OpenAI-compatible server on loopback. It speaks the real chat-completions wire format
 * (SSE chunks with a final usage chunk, or a plain JSON completion), so the app's real provider
 * code, HTTP and error handling all run. Replies are scripted per test with `enqueue()`, or by
 * directives in the last user message (handy from a browser), e.g. `#tokens:50 #delay:20`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeScript = {
  /** Text of the reply; split into `tokens` pieces (default: one per word). */
  text?: string;
  /** Number of tokens to stream when `text` is not given. */
  tokens?: number;
  /** Stream this many reasoning tokens (`delta.reasoning_content`, as DeepSeek and vLLM send) before the text. */
  reasoning?: number;
  /** Milliseconds before the first token. */
  firstTokenDelayMs?: number;
  /** Milliseconds between tokens. */
  delayMs?: number;
  /** Send an error event after this many tokens. */
  errorAfter?: number;
  /** Destroy the socket after this many tokens. */
  dropAfter?: number;
  /** Stop sending (keep the socket open) after this many tokens. */
  stallAfter?: number;
  /** Answer the request itself with this HTTP status and an error body. */
  status?: number;
};

export type RecordedRequest = {
  model: string;
  stream: boolean;
  messages: { role: string; content: unknown }[];
  maxTokens?: number;
};

/** A streamed reply as the fake sent it: what text went out, and whether it got to its end. */
export type SentStream = { lastUser: string; text: string; finished: boolean };

export type FakeLlm = {
  url: string;
  models: string[];
  /**
   * Context windows by model, reported in `GET /models` as vLLM does (`max_model_len`) and
   * enforced as it does: a prompt (4 characters a token) plus `max_tokens` over it is a 400.
   */
  contextWindows: Record<string, number>;
  requests: RecordedRequest[];
  streams: SentStream[];
  enqueue: (...scripts: FakeScript[]) => void;
  /** Resolves once the fake has sent every chunk of `n` streamed replies (or failed them). */
  reset: () => void;
  openStreams: () => number;
  close: () => Promise<void>;
};

export const SAMPLE_MARKDOWN = [
  "Here is a **weekend plan** for Lisbon:",
  "",
  "| Day | Morning | Evening |",
  "| --- | --- | --- |",
  "| Saturday | Alfama walk | Fado in Mouraria |",
  "| Sunday | Belém tower | Sunset at a miradouro |",
  "",
  "1. Buy a *Viva Viagem* card",
  "2. Ride tram 28 early",
  "",
  "```ts",
  "const trip = { city: \"Lisbon\", days: 2 };",
  "console.log(`Enjoy ${trip.city}!`);",
  "```",
  "",
  "Budget math: $E = 2 \\times 80 + 45$ euros.",
].join("\n");

const WORDS = "Sure. Here is a careful answer with some detail, a short list, and a closing thought for you.".split(" ");

export function parseDirectives(text: string): FakeScript {
  const s: FakeScript = {};
  const num = (name: string) => {
    const m = new RegExp(`#${name}:(\\d+)`).exec(text);
    return m ? Number(m[1]) : undefined;
  };
  s.tokens = num("tokens");
  s.reasoning = num("reasoning");
  s.delayMs = num("delay");
  s.firstTokenDelayMs = num("first");
  s.errorAfter = num("error-after");
  s.dropAfter = num("drop-after");
  s.stallAfter = num("stall-after");
  s.status = num("status");
  if (/#stall(?![-\w])/.test(text)) s.stallAfter = 0;
  if (/#markdown\b/.test(text)) s.text = SAMPLE_MARKDOWN;
  // `#say <text>`: answer with exactly the text that follows (e.g. HTML a model might write).
  const say = /#say (.*)$/s.exec(text);
  if (say) s.text = say[1];
  // Only what the message asked for, so unset directives don't override a server's defaults.
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as FakeScript;
}

function tokensOf(script: FakeScript, lastUser: string): string[] {
  if (script.text !== undefined) return script.text.match(/\S+\s*/g) ?? [script.text];
  const n = script.tokens ?? 12;
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${WORDS[i % WORDS.length]}${i === n - 1 ? "" : " "}`);
  if (script.tokens === undefined && lastUser) out.unshift(`You said: ${lastUser.slice(0, 60).replace(/#\S+/g, "").trim()}. `);
  return out;
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === "object" && "text" in p ? String(p.text) : "")).join("");
  return "";
}

export async function startFakeLlm(options: { port?: number; models?: string[]; defaults?: FakeScript; contextWindows?: Record<string, number> } = {}): Promise<FakeLlm> {
  const models = options.models ?? ["fake-model", "fake-model-2"];
  const contextWindows: Record<string, number> = { ...options.contextWindows };
  const queue: FakeScript[] = [];
  const seen = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const streams: SentStream[] = [];
  let open = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      const entry = (id: string) => ({ id, object: "model", owned_by: "fake", ...(contextWindows[id] ? { max_model_len: contextWindows[id] } : {}) });
      res.end(JSON.stringify({ object: "list", data: models.map(entry) }));
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    let raw = "";
    const arrivedAt = performance.now();
    for await (const chunk of req) raw += chunk;
    (globalThis as { __fakeTimes?: unknown[] }).__fakeTimes ??= [];
    ((globalThis as { __fakeTimes?: unknown[] }).__fakeTimes!).push({ arrivedAt, readAt: performance.now(), bytes: raw.length });
    const body = JSON.parse(raw) as { model: string; stream?: boolean; messages: RecordedRequest["messages"]; max_tokens?: number };
    requests.push({ model: body.model, stream: !!body.stream, messages: body.messages, maxTokens: body.max_tokens });
    const lastUser = textOf([...body.messages].reverse().find((m) => m.role === "user")?.content);
    const isTitle = body.messages.some((m) => m.role === "system" && textOf(m.content).includes("title"));
    const titleDelay = /#title-delay:(\d+)/.exec(lastUser);
    const script: FakeScript = isTitle
      ? { text: `Title: ${lastUser.replace(/#\S+/g, "").trim().split(/\s+/).slice(0, 4).join(" ")}`, firstTokenDelayMs: titleDelay ? Number(titleDelay[1]) : 0 }
      : { ...options.defaults, ...(queue.shift() ?? parseDirectives(lastUser)) };
    // `#echo-system` in the system instructions: the reply says what the instructions were.
    const system = body.messages.filter((m) => m.role === "system").map((m) => textOf(m.content)).join("\n");
    if (!isTitle && system.includes("#echo-system")) script.text = `Instructions say: ${system.replace("#echo-system", "").trim()}`;
    // `#error-once-after:N` fails the first attempt at a message and lets a retry through.
    const once = /#error-once-after:(\d+)/.exec(lastUser);
    if (once && !isTitle && body.stream) {
      const attempts = (seen.get(lastUser) ?? 0) + 1;
      seen.set(lastUser, attempts);
      if (attempts === 1) script.errorAfter = Number(once[1]);
    }

    if (script.status) {
      res.writeHead(script.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "fake provider failure (secret internals)", type: "server_error" } }));
      return;
    }
    const tokens = tokensOf(script, lastUser);
    const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = body.messages.reduce((n, m) => n + Math.ceil(textOf(m.content).length / 4), 0);
    const window = contextWindows[body.model];
    if (window && promptTokens + (body.max_tokens ?? 0) > window) {
      res.writeHead(400, { "content-type": "application/json" });
      const message = `This model's maximum context length is ${window} tokens. However, you requested ${promptTokens + (body.max_tokens ?? 0)} tokens.`;
      res.end(JSON.stringify({ object: "error", message, type: "BadRequestError", param: null, code: 400 }));
      return;
    }

    if (!body.stream) {
      await sleep(script.firstTokenDelayMs ?? 0);
      const content = tokens.join("");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id, object: "chat.completion", created, model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length },
        }),
      );
      return;
    }

    open++;
    res.on("close", () => open--);
    const sent: SentStream = { lastUser, text: "", finished: false };
    streams.push(sent);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const chunk = (delta: object, finish: string | null = null) =>
      send({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] });

    await sleep(script.firstTokenDelayMs ?? 0);
    chunk({ role: "assistant", content: "" });
    for (let i = 0; i < (script.reasoning ?? 0); i++) {
      if (res.destroyed) return;
      if (i > 0) await sleep(script.delayMs ?? 0);
      chunk({ content: null, reasoning_content: `thought ${i} ` });
    }
    for (let i = 0; i < tokens.length; i++) {
      if (res.destroyed) return;
      if (i === script.errorAfter) {
        send({ error: { message: "fake upstream overloaded (secret internals)", type: "server_error", code: "overloaded" } });
        res.end();
        return;
      }
      if (i === script.dropAfter) {
        res.destroy();
        return;
      }
      if (i === script.stallAfter) return; // keep the socket open, send nothing more
      if (i > 0) await sleep(script.delayMs ?? 0);
      if (res.destroyed) return;
      chunk({ content: tokens[i] });
      sent.text += tokens[i];
    }
    chunk({}, "stop");
    sent.finished = true;
    send({ id, object: "chat.completion.chunk", created, model: body.model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length } });
    res.write("data: [DONE]\n\n");
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    models,
    contextWindows,
    requests,
    streams,
    enqueue: (...scripts) => queue.push(...scripts),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      streams.length = 0;
    },
    openStreams: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
