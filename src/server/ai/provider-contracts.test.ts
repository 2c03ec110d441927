// Contract tests for the two hand-written stages on the streaming path (coalescingFetch at the
// source, framingMiddleware after the provider): each provider's documented event stream is
// served from loopback and read through the real provider package twice, as the registry hands
// it out and bare, and everything the model said (text, reasoning, tool calls, usage, finish
// reason, errors) must come out the same, in fewer text events.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { type LanguageModel, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Env } from "@/env";
import { buildProviders, ModelRegistry } from "./registry";

type Transcript = { status?: number; contentType?: string; events: string[]; body?: string };

let server: Server;
let base = "";
let current: Transcript = { events: [] };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    for await (const _ of req) void _;
    if (current.status && current.status >= 400) {
      res.writeHead(current.status, { "content-type": "application/json" }).end(current.body ?? "{}");
      return;
    }
    res.writeHead(200, { "content-type": current.contentType ?? "text/event-stream" });
    for (const event of current.events) {
      res.write(event);
      await new Promise((r) => setTimeout(r, 2));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const env = (extra: Partial<Env>) => ({ EXTRA_MODELS: undefined, DEFAULT_MODEL: undefined, TITLE_MODEL: undefined, ...extra }) as Env;

const tools = { get_weather: tool({ description: "The weather in a city", inputSchema: z.object({ city: z.string() }) }) };

/** Everything a model said, read through streamText. */
async function said(model: Exclude<LanguageModel, string>) {
  const result = streamText({ model, prompt: "Hi", tools, maxRetries: 0, onError: () => {} });
  const out = { text: "", reasoning: "", toolCalls: [] as { toolName: string; input: unknown }[], usage: undefined as unknown, finishReason: undefined as unknown, errors: 0, textEvents: 0 };
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      out.text += part.text;
      out.textEvents++;
    } else if (part.type === "reasoning-delta") out.reasoning += part.text;
    else if (part.type === "tool-call") out.toolCalls.push({ toolName: part.toolName, input: part.input });
    else if (part.type === "finish") {
      out.usage = { input: part.totalUsage.inputTokens, output: part.totalUsage.outputTokens };
      out.finishReason = part.finishReason;
    } else if (part.type === "error") out.errors++;
  }
  return out;
}

async function compare(transcript: Transcript, framed: () => Promise<Exclude<LanguageModel, string>>, bare: () => Exclude<LanguageModel, string>) {
  current = transcript;
  const a = await said(await framed());
  const b = await said(bare());
  const { textEvents: framedEvents, ...framedSaid } = a;
  const { textEvents: bareEvents, ...bareSaid } = b;
  expect(framedSaid).toEqual(bareSaid);
  return { said: framedSaid, framedEvents, bareEvents };
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

// --- OpenAI chat completions and the servers that speak it -----------------------------------

const oaChunk = (delta: object, finish: string | null = null, extra: object = {}) =>
  sse({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
const oaUsage = (usage: object) => sse({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage });
const words = (text: string) => text.match(/\S+\s*/g)!;

const OPENAI_TEXT: Transcript = {
  events: [
    oaChunk({ role: "assistant", content: "", refusal: null }),
    ...words("Hello there, this is a streamed answer with several words in it.").map((w) => oaChunk({ content: w })),
    oaChunk({}, "stop"),
    oaUsage({ prompt_tokens: 10, completion_tokens: 13, total_tokens: 23, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } }),
    sse("[DONE]"),
  ],
};
const OPENAI_TOOLS: Transcript = {
  events: [
    oaChunk({ role: "assistant", content: "Let me check. " }),
    oaChunk({ content: "One moment." }),
    oaChunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
    oaChunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }),
    oaChunk({ tool_calls: [{ index: 0, function: { arguments: 'ty": "Paris"}' } }] }),
    oaChunk({}, "tool_calls"),
    oaUsage({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 }),
    sse("[DONE]"),
  ],
};
const OPENAI_ERROR: Transcript = {
  events: [
    oaChunk({ role: "assistant", content: "" }),
    ...words("Partial answer before").map((w) => oaChunk({ content: w })),
    sse({ error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } }),
  ],
};

describe("provider contracts: OpenAI chat completions (coalescingFetch + framing)", () => {
  const registry = () => new ModelRegistry(buildProviders(env({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: base })));
  const bare = () => createOpenAI({ apiKey: "sk-test", baseURL: base }).chat("gpt-4o-mini");
  const framed = () => registry().languageModel("openai:gpt-4o-mini");

  it("text and usage", async () => {
    const r = await compare(OPENAI_TEXT, framed, bare);
    expect(r.said.text).toBe("Hello there, this is a streamed answer with several words in it.");
    expect(r.said.usage).toEqual({ input: 10, output: 13 });
    expect(r.framedEvents).toBeLessThan(r.bareEvents);
  });
  it("tool calls", async () => {
    const r = await compare(OPENAI_TOOLS, framed, bare);
    expect(r.said.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
    expect(r.said.finishReason).toBe("tool-calls");
  });
  it("an error mid-stream", async () => {
    const r = await compare(OPENAI_ERROR, framed, bare);
    expect(r.said.errors).toBeGreaterThan(0);
    expect(r.said.text).toBe("Partial answer before");
  });
  it("an HTTP error", async () => {
    const r = await compare({ status: 429, events: [], body: JSON.stringify({ error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }) }, framed, bare);
    expect(r.said.errors).toBe(1);
  });
});

const OPENROUTER_REASONING: Transcript = {
  events: [
    oaChunk({ role: "assistant", content: "", reasoning: "Let me ", reasoning_details: [{ type: "reasoning.text", text: "Let me ", format: "unknown", index: 0 }] }),
    ...words("think about this carefully first.").map((w) => oaChunk({ content: "", reasoning: w, reasoning_details: [{ type: "reasoning.text", text: w, format: "unknown", index: 0 }] })),
    ...words("The answer is forty-two, of course.").map((w) => oaChunk({ content: w })),
    oaChunk({}, "stop"),
    oaUsage({ prompt_tokens: 12, completion_tokens: 20, total_tokens: 32, cost: 0.0001, completion_tokens_details: { reasoning_tokens: 8 } }),
    sse("[DONE]"),
  ],
};
const OPENROUTER_ERROR: Transcript = {
  events: [
    oaChunk({ role: "assistant", content: "Starting" }),
    sse({ id: "gen-1", object: "chat.completion.chunk", created: 1, model: "m", provider: "openai", error: { code: "server_error", message: "Provider disconnected" }, choices: [{ index: 0, delta: { content: "" }, finish_reason: "error" }] }),
  ],
};

describe("provider contracts: OpenRouter (coalescingFetch + framing)", () => {
  const registry = () => new ModelRegistry(buildProviders(env({ OPENROUTER_API_KEY: "or-test", OPENROUTER_BASE_URL: base })));
  const bare = () => createOpenAICompatible({ name: "openrouter", baseURL: base, apiKey: "or-test", includeUsage: true }).chatModel("openai/gpt-4o-mini");
  const framed = () => registry().languageModel("openrouter:openai/gpt-4o-mini");

  it("reasoning, then the answer, and usage", async () => {
    const r = await compare(OPENROUTER_REASONING, framed, bare);
    expect(r.said.reasoning).toBe("Let me think about this carefully first.");
    expect(r.said.text).toBe("The answer is forty-two, of course.");
    expect(r.said.usage).toEqual({ input: 12, output: 20 });
  });
  it("tool calls", async () => {
    const r = await compare(OPENAI_TOOLS, framed, bare);
    expect(r.said.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
  });
  it("an error mid-stream", async () => {
    const r = await compare(OPENROUTER_ERROR, framed, bare);
    expect(r.said.errors + (r.said.finishReason === "error" ? 1 : 0)).toBeGreaterThan(0);
  });
});

describe("provider contracts: vLLM and Ollama, OpenAI-compatible (coalescingFetch + framing)", () => {
  const registry = () => new ModelRegistry(buildProviders(env({ OPENAI_COMPATIBLE_BASE_URL: base, OPENAI_COMPATIBLE_MODELS: "local" })));
  const bare = () => createOpenAICompatible({ name: "openai-compatible", baseURL: base, includeUsage: true }).chatModel("local");
  const framed = () => registry().languageModel("openai-compatible:local");

  it("vLLM's reasoning_content", async () => {
    const r = await compare(
      {
        events: [
          oaChunk({ role: "assistant", content: "" }),
          ...words("First I consider the question.").map((w) => oaChunk({ reasoning_content: w })),
          ...words("Here is my answer to you.").map((w) => oaChunk({ content: w })),
          oaChunk({}, "stop"),
          oaUsage({ prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 }),
          sse("[DONE]"),
        ],
      },
      framed,
      bare,
    );
    expect(r.said.reasoning).toBe("First I consider the question.");
    expect(r.said.text).toBe("Here is my answer to you.");
    expect(r.framedEvents).toBeLessThan(r.bareEvents);
  });
  it("Ollama's reasoning", async () => {
    const r = await compare(
      {
        events: [
          ...words("Hmm, thinking.").map((w) => oaChunk({ role: "assistant", content: "", reasoning: w })),
          ...words("Done thinking, the reply.").map((w) => oaChunk({ role: "assistant", content: w })),
          oaChunk({ role: "assistant", content: "" }, "stop", { usage: { prompt_tokens: 3, completion_tokens: 7, total_tokens: 10 } }),
          sse("[DONE]"),
        ],
      },
      framed,
      bare,
    );
    expect(r.said.reasoning).toBe("Hmm, thinking.");
    expect(r.said.text).toBe("Done thinking, the reply.");
  });
  it("tool calls and errors", async () => {
    expect((await compare(OPENAI_TOOLS, framed, bare)).said.toolCalls).toHaveLength(1);
    expect((await compare(OPENAI_ERROR, framed, bare)).said.errors).toBeGreaterThan(0);
  });
});

// --- Anthropic Messages -----------------------------------------------------------------------

const an = (data: { type: string; [k: string]: unknown }) => sse(data, data.type);
const ANTHROPIC: Transcript = {
  events: [
    an({ type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", model: "claude-sonnet-4-5", content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } } }),
    an({ type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } }),
    ...words("Let me work this out.").map((w) => an({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: w } })),
    an({ type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "EqQBCkgIARABGAIiQL" } }),
    an({ type: "content_block_stop", index: 0 }),
    an({ type: "ping" }),
    an({ type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }),
    ...words("I will look up the weather in Paris for you.").map((w) => an({ type: "content_block_delta", index: 1, delta: { type: "text_delta", text: w } })),
    an({ type: "content_block_stop", index: 1 }),
    an({ type: "content_block_start", index: 2, content_block: { type: "tool_use", id: "toolu_1", name: "get_weather", input: {} } }),
    an({ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: '{"city": "Pa' } }),
    an({ type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: 'ris"}' } }),
    an({ type: "content_block_stop", index: 2 }),
    an({ type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 40 } }),
    an({ type: "message_stop" }),
  ],
};

describe("provider contracts: Anthropic Messages (framing)", () => {
  const registry = () => new ModelRegistry(buildProviders(env({ ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: base })));
  const bare = () => createAnthropic({ apiKey: "sk-ant-test", baseURL: base })("claude-sonnet-4-5");
  const framed = () => registry().languageModel("anthropic:claude-sonnet-4-5");

  it("thinking, text, a tool call and usage", async () => {
    const r = await compare(ANTHROPIC, framed, bare);
    expect(r.said.reasoning).toBe("Let me work this out.");
    expect(r.said.text).toBe("I will look up the weather in Paris for you.");
    expect(r.said.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
    expect(r.said.usage).toMatchObject({ input: 25, output: 40 });
    expect(r.framedEvents).toBeLessThan(r.bareEvents);
  });
  it("an error event mid-stream", async () => {
    const r = await compare(
      { events: [...ANTHROPIC.events.slice(0, 10), an({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })] },
      framed,
      bare,
    );
    expect(r.said.errors).toBeGreaterThan(0);
  });
});

// --- Google Gemini ----------------------------------------------------------------------------

const gm = (parts: object[], extra: object = {}) => sse({ candidates: [{ content: { parts, role: "model" }, index: 0, ...extra }], modelVersion: "gemini-2.5-flash" });
const GOOGLE: Transcript = {
  events: [
    ...words("Considering the request.").map((w) => gm([{ text: w, thought: true }])),
    ...words("Sure, checking the weather now.").map((w) => gm([{ text: w }])),
    sse({
      candidates: [{ content: { parts: [{ functionCall: { name: "get_weather", args: { city: "Paris" } } }], role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 8, thoughtsTokenCount: 4, totalTokenCount: 22 },
      modelVersion: "gemini-2.5-flash",
    }),
  ],
};

describe("provider contracts: Google Gemini (framing)", () => {
  const registry = () => new ModelRegistry(buildProviders(env({ GOOGLE_GENERATIVE_AI_API_KEY: "g-test", GOOGLE_GENERATIVE_AI_BASE_URL: base })));
  const bare = () => createGoogleGenerativeAI({ apiKey: "g-test", baseURL: base })("gemini-2.5-flash");
  const framed = () => registry().languageModel("google:gemini-2.5-flash");

  it("thoughts, text, a function call and usage", async () => {
    const r = await compare(GOOGLE, framed, bare);
    expect(r.said.reasoning).toBe("Considering the request.");
    expect(r.said.text).toBe("Sure, checking the weather now.");
    expect(r.said.toolCalls).toEqual([{ toolName: "get_weather", input: { city: "Paris" } }]);
    expect(r.framedEvents).toBeLessThan(r.bareEvents);
  });
  it("an HTTP error", async () => {
    const r = await compare({ status: 500, events: [], body: JSON.stringify({ error: { code: 500, message: "Internal error encountered.", status: "INTERNAL" } }) }, framed, bare);
    expect(r.said.errors).toBe(1);
  });
});
