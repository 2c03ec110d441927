import { afterEach, describe, expect, it, vi } from "vitest";
import type { Env } from "@/env";
import { buildProviders, ModelRegistry, type ProviderEntry } from "./registry";

/** An OpenAI-compatible server whose model list the test hands out, one answer per request. */
function server() {
  const answers: ((ids: string[]) => void)[] = [];
  const entry: ProviderEntry = {
    id: "openai-compatible",
    configuredBy: "OPENAI_COMPATIBLE_BASE_URL",
    languageModel: () => {
      throw new Error("not used here");
    },
    listModels: () => new Promise((resolve) => answers.push((ids) => resolve(ids.map((m) => ({ id: `openai-compatible:${m}` }))))),
  };
  const answer = (request: number, ids: string[]) => {
    const reply = answers[request];
    if (!reply) throw new Error(`request ${request} was not made`);
    reply(ids);
  };
  return { entry, answers, answer };
}

const ids = async (list: Promise<{ id: string }[]>) => (await list).map((m) => m.id);
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe("ModelRegistry.listModels", () => {
  it("asks the server once for callers that come together, and keeps the list for a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { entry, answers, answer } = server();
    const registry = new ModelRegistry([entry]);
    const a = registry.listModels();
    const b = registry.listModels();
    expect(answers).toHaveLength(1);
    answer(0, ["llama3.2"]);
    expect(await ids(a)).toEqual(["openai-compatible:llama3.2"]);
    expect(await ids(b)).toEqual(["openai-compatible:llama3.2"]);
    vi.advanceTimersByTime(59_000);
    expect(await ids(registry.listModels())).toEqual(["openai-compatible:llama3.2"]);
    expect(answers).toHaveLength(1);
  });

  it("after a minute answers with the list it has at once, while the new one loads", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { entry, answers, answer } = server();
    const registry = new ModelRegistry([entry]);
    const first = registry.listModels();
    answer(0, ["llama3.2"]);
    await first;
    vi.advanceTimersByTime(61_000);
    // The server has not answered yet, and the caller still gets a list.
    expect(await ids(registry.listModels())).toEqual(["openai-compatible:llama3.2"]);
    expect(await ids(registry.listModels())).toEqual(["openai-compatible:llama3.2"]);
    expect(answers).toHaveLength(2);
    answer(1, ["llama3.2", "qwen3"]);
    await settle();
    expect(await ids(registry.listModels())).toEqual(["openai-compatible:llama3.2", "openai-compatible:qwen3"]);
    expect(answers).toHaveLength(2);
  });

  it("keeps the last list when the server answers with none, and asks again next time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { entry, answers, answer } = server();
    const registry = new ModelRegistry([entry]);
    const first = registry.listModels();
    answer(0, ["llama3.2"]);
    await first;
    vi.advanceTimersByTime(61_000);
    await registry.listModels();
    answer(1, []); // e.g. the server is restarting
    await settle();
    expect(await ids(registry.listModels())).toEqual(["openai-compatible:llama3.2"]);
    expect(answers).toHaveLength(3);
  });

  it("does not keep an empty first answer: the next caller waits for a new one", async () => {
    const { entry, answers, answer } = server();
    const registry = new ModelRegistry([entry]);
    const first = registry.listModels();
    answer(0, []);
    expect(await ids(first)).toEqual([]);
    const second = registry.listModels();
    expect(answers).toHaveLength(2);
    answer(1, ["llama3.2"]);
    expect(await ids(second)).toEqual(["openai-compatible:llama3.2"]);
  });
});

describe("buildProviders", () => {
  const base = { OPENAI_API_KEY: "sk-test" } as Env;
  const modelsOf = async (e: Env) => (await Promise.all(buildProviders(e).map((p) => p.listModels()))).flat().map((m) => m.id);

  it("offers a hosted provider's catalog models", async () => {
    const ids = await modelsOf(base);
    expect(ids).toContain("openai:gpt-4o-mini");
    expect(ids.every((id) => id.startsWith("openai:"))).toBe(true);
  });

  it("adds the models named in EXTRA_MODELS, DEFAULT_MODEL and TITLE_MODEL to their own configured provider", async () => {
    const ids = await modelsOf({
      ...base,
      EXTRA_MODELS: " openai:gpt-9-preview , anthropic:claude-next,not-an-id",
      DEFAULT_MODEL: "openai:o9",
      TITLE_MODEL: "openai:gpt-9-preview",
    });
    expect(ids.filter((id) => ["openai:gpt-9-preview", "openai:o9"].includes(id))).toEqual(["openai:gpt-9-preview", "openai:o9"]);
    // Anthropic is not configured, and a name without a provider is no id.
    expect(ids).not.toContain("anthropic:claude-next");
    expect(ids).not.toContain("not-an-id");
  });

  it("lets the registry hand out a named model that is not in the catalog, with the default honoured", async () => {
    const registry = new ModelRegistry(buildProviders({ ...base, DEFAULT_MODEL: "openai:o9" }), "openai:o9");
    expect((await registry.listModels()).find((m) => m.isDefault)?.id).toBe("openai:o9");
    await expect(registry.languageModel("openai:o9")).resolves.toBeDefined();
    await expect(registry.languageModel("openai:never-named")).rejects.toMatchObject({ code: "MODEL_UNAVAILABLE" });
  });
});
