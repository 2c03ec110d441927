import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGateway } from "@ai-sdk/gateway";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { type LanguageModel, wrapLanguageModel } from "ai";
import { type Env, env } from "@/env";
import { describeModel, MODEL_CATALOG, type ModelInfo, type ProviderId, parseModelId } from "@/lib/models";
import { AppError } from "@/server/errors";
import { coalescingFetch } from "./coalesce-sse-fetch";
import { framingMiddleware } from "./frame-deltas";
import { logger } from "@/server/logger";

export type ProviderEntry = {
  id: ProviderId;
  /** The variable that turned this provider on, for start-up logs and the UI. */
  configuredBy: string;
  languageModel: (model: string) => Exclude<LanguageModel, string>;
  /** Its event stream is framed at the source (coalescingFetch), so the framing middleware would find nothing to merge. */
  framedAtSource?: boolean;
  listModels: () => Promise<ListedModel[]>;
};

/** A model a provider offers, with its context window when the provider's server reports one. */
export type ListedModel = { id: string; contextWindow?: number };

/**
 * Model ids the operator named for hosted providers beyond the catalog (`EXTRA_MODELS`,
 * `DEFAULT_MODEL`, `TITLE_MODEL`): a provider's new model works the day it ships, at an unknown price.
 */
function namedModels(e: Pick<Env, "EXTRA_MODELS" | "DEFAULT_MODEL" | "TITLE_MODEL">): string[] {
  const listed = e.EXTRA_MODELS?.split(",").map((s) => s.trim()) ?? [];
  return [...new Set([...listed, e.DEFAULT_MODEL, e.TITLE_MODEL].filter((id): id is string => Boolean(id && parseModelId(id))))];
}

/** A hosted provider's models: the catalog's, then the ones the operator named for it. */
const hostedModelsOf = (provider: ProviderId, named: string[]) => {
  const catalog = MODEL_CATALOG.filter((m) => m.provider === provider).map((m) => m.id);
  const ids = [...new Set([...catalog, ...named.filter((id) => id.startsWith(`${provider}:`))])];
  return async (): Promise<ListedModel[]> => ids.map((id) => ({ id }));
};

/** The variable that turns each provider on. */
const PROVIDER_VARIABLES: Record<ProviderId, string> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  google: "GOOGLE_GENERATIVE_AI_API_KEY",
  openrouter: "OPENROUTER_API_KEY",
  gateway: "AI_GATEWAY_API_KEY",
  "openai-compatible": "OPENAI_COMPATIBLE_BASE_URL",
};

/**
 * Builds one entry per provider the environment configures. Providers that speak OpenAI's
 * chat-completions events get `coalescingFetch`, which frames their text at the source (see
 * coalesce-sse-fetch.ts); the others (Anthropic, Google, the gateway) are framed right after
 * their provider (`framingMiddleware`).
 */
export function buildProviders(e: Env): ProviderEntry[] {
  const out: ProviderEntry[] = [];
  const named = namedModels(e);
  const modelsOf = (provider: ProviderId) => hostedModelsOf(provider, named);
  if (e.OPENAI_API_KEY) {
    const p = createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, fetch: coalescingFetch() });
    out.push({ id: "openai", configuredBy: PROVIDER_VARIABLES.openai, languageModel: (m) => p.chat(m), framedAtSource: true, listModels: modelsOf("openai") });
  }
  if (e.ANTHROPIC_API_KEY) {
    const p = createAnthropic({ apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL });
    out.push({ id: "anthropic", configuredBy: PROVIDER_VARIABLES.anthropic, languageModel: (m) => p(m), listModels: modelsOf("anthropic") });
  }
  if (e.GOOGLE_GENERATIVE_AI_API_KEY) {
    const p = createGoogleGenerativeAI({ apiKey: e.GOOGLE_GENERATIVE_AI_API_KEY, baseURL: e.GOOGLE_GENERATIVE_AI_BASE_URL });
    out.push({ id: "google", configuredBy: PROVIDER_VARIABLES.google, languageModel: (m) => p(m), listModels: modelsOf("google") });
  }
  if (e.OPENROUTER_API_KEY) {
    // Framed at the source and after it too: its reasoning chunks carry `reasoning_details`
    // beside the text, which the source coalescer passes through unmerged.
    const baseURL = e.OPENROUTER_BASE_URL ?? "https://openrouter.ai/api/v1";
    const p = createOpenAICompatible({ name: "openrouter", baseURL, apiKey: e.OPENROUTER_API_KEY, includeUsage: true, fetch: coalescingFetch() });
    out.push({ id: "openrouter", configuredBy: PROVIDER_VARIABLES.openrouter, languageModel: (m) => p.chatModel(m), listModels: modelsOf("openrouter") });
  }
  if (e.AI_GATEWAY_API_KEY) {
    const p = createGateway({ apiKey: e.AI_GATEWAY_API_KEY });
    out.push({ id: "gateway", configuredBy: PROVIDER_VARIABLES.gateway, languageModel: (m) => p(m), listModels: modelsOf("gateway") });
  }
  if (e.OPENAI_COMPATIBLE_BASE_URL) {
    const baseURL = e.OPENAI_COMPATIBLE_BASE_URL.replace(/\/+$/, "");
    const apiKey = e.OPENAI_COMPATIBLE_API_KEY;
    const p = createOpenAICompatible({ name: "openai-compatible", baseURL, apiKey, includeUsage: true, fetch: coalescingFetch() });
    const fixed = e.OPENAI_COMPATIBLE_MODELS?.split(",").map((s) => s.trim()).filter(Boolean);
    out.push({
      id: "openai-compatible",
      configuredBy: PROVIDER_VARIABLES["openai-compatible"],
      languageModel: (m) => p.chatModel(m),
      framedAtSource: true,
      listModels: async () => {
        const models = fixed ? fixed.map((id) => ({ id, contextWindow: undefined })) : await fetchServerModels(baseURL, apiKey);
        const window = e.OPENAI_COMPATIBLE_CONTEXT_WINDOW;
        return models.map((m) => ({ id: `openai-compatible:${m.id}`, contextWindow: m.contextWindow ?? window }));
      },
    });
  }
  return out;
}

/**
 * Where servers that speak OpenAI's API report a model's context window in `GET /models`: vLLM
 * (`max_model_len`), OpenRouter and LM Studio (`context_length`), Groq (`context_window`).
 */
const WINDOW_FIELDS = ["max_model_len", "context_length", "context_window"] as const;

function reportedWindow(entry: Record<string, unknown>): number | undefined {
  for (const field of WINDOW_FIELDS) {
    const v = entry[field];
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

async function fetchServerModels(baseURL: string, apiKey?: string): Promise<ListedModel[]> {
  try {
    const res = await fetch(`${baseURL}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`GET /models answered ${res.status}`);
    const body = (await res.json()) as { data?: Record<string, unknown>[] };
    return (body.data ?? []).flatMap((m) => (m && typeof m.id === "string" ? [{ id: m.id, contextWindow: reportedWindow(m) }] : []));
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "could not list OpenAI-compatible models");
    return [];
  }
}

const MODEL_LIST_TTL_MS = 60_000;

export class ModelRegistry {
  private readonly providers: Map<string, ProviderEntry>;
  private cache?: { at: number; models: ModelInfo[] };
  private loading?: Promise<ModelInfo[]>;
  // Built once per id: a provider's model object compiles its response schemas when it is made.
  private readonly instances = new Map<string, Exclude<LanguageModel, string>>();

  constructor(
    entries: ProviderEntry[],
    private readonly defaultModel?: string,
    private readonly fallbackWindow = 128_000,
  ) {
    this.providers = new Map(entries.map((p) => [p.id, p]));
  }

  get configured(): { id: ProviderId; configuredBy: string }[] {
    return [...this.providers.values()].map(({ id, configuredBy }) => ({ id, configuredBy }));
  }

  get hasProviders(): boolean {
    return this.providers.size > 0;
  }

  /**
   * Every model the configured providers offer, the default first. The list is kept for a minute;
   * after that, a list that loaded before is still answered at once while a fresh one loads, so
   * asking a server for its models (`GET /models`) never holds up a message.
   */
  listModels(): Promise<ModelInfo[]> {
    const cache = this.cache;
    if (cache && Date.now() - cache.at < MODEL_LIST_TTL_MS) return Promise.resolve(cache.models);
    const loading = this.refresh();
    return cache ? Promise.resolve(cache.models) : loading;
  }

  /** Loads the list once at a time; only a non-empty list replaces the one kept. */
  private refresh(): Promise<ModelInfo[]> {
    this.loading ??= this.loadModels()
      .then((models) => {
        if (models.length > 0) this.cache = { at: Date.now(), models };
        return models.length > 0 || !this.cache ? models : this.cache.models;
      })
      .catch(() => this.cache?.models ?? [])
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private async loadModels(): Promise<ModelInfo[]> {
    const listed = (await Promise.all([...this.providers.values()].map((p) => p.listModels()))).flat();
    const defaultId = this.defaultModel && listed.some((m) => m.id === this.defaultModel) ? this.defaultModel : listed[0]?.id;
    return listed.map(({ id, contextWindow }) => {
      const model = describeModel(id);
      // The catalog knows the hosted models; a server's own report is the truth for its models.
      return { ...model, contextWindow: contextWindow ?? model.contextWindow, isDefault: id === defaultId };
    });
  }

  /**
   * The context window of a model the registry hands out (`languageModel` checked it is listed):
   * the catalog's, its server's report, or DEFAULT_CONTEXT_WINDOW when nobody knows.
   */
  async contextWindow(id: string): Promise<number> {
    const known = (await this.listModels()).find((m) => m.id === id)?.contextWindow;
    return known ?? this.fallbackWindow;
  }

  async defaultModelId(): Promise<string | undefined> {
    return (await this.listModels()).find((m) => m.isDefault)?.id;
  }

  /** Resolves a `provider:model` id the environment allows, or throws MODEL_UNAVAILABLE / NO_PROVIDER. */
  async languageModel(id: string): Promise<Exclude<LanguageModel, string>> {
    if (!this.hasProviders) throw new AppError("NO_PROVIDER");
    const parsed = parseModelId(id);
    const provider = parsed && this.providers.get(parsed.provider);
    if (!parsed || !provider) {
      const variable = parsed && Object.hasOwn(PROVIDER_VARIABLES, parsed.provider) ? PROVIDER_VARIABLES[parsed.provider as ProviderId] : undefined;
      // A known provider that is not configured says what turns it on.
      const message = variable ? `That model's provider is not configured: set ${variable} and restart.` : undefined;
      throw new AppError("MODEL_UNAVAILABLE", { message, details: { modelId: id } });
    }
    const models = await this.listModels();
    if (!models.some((m) => m.id === id)) throw new AppError("MODEL_UNAVAILABLE", { details: { modelId: id } });
    let model = this.instances.get(id);
    if (!model) {
      const base = provider.languageModel(parsed.model);
      model = provider.framedAtSource ? base : wrapLanguageModel({ model: base, middleware: framingMiddleware });
      this.instances.set(id, model);
    }
    return model;
  }
}

const g = globalThis as typeof globalThis & { __sidekiqRegistry?: ModelRegistry };

export function getRegistry(): ModelRegistry {
  g.__sidekiqRegistry ??= new ModelRegistry(buildProviders(env), env.DEFAULT_MODEL, env.DEFAULT_CONTEXT_WINDOW);
  return g.__sidekiqRegistry;
}
