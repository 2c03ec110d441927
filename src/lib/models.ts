export const PROVIDERS = ["openai", "anthropic", "google", "openrouter", "gateway", "openai-compatible"] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export type ModelCapabilities = { vision: boolean; tools: boolean; reasoning: boolean };

export type CatalogModel = {
  /** `provider:model` */
  id: string;
  provider: ProviderId;
  label: string;
  contextWindow?: number;
  capabilities: ModelCapabilities;
  /** USD per million tokens, when known. */
  price?: { input: number; output: number };
};

export type ModelInfo = CatalogModel & { isDefault: boolean };

const caps = (vision: boolean, tools: boolean, reasoning: boolean): ModelCapabilities => ({ vision, tools, reasoning });

/** Well-known models. Unknown ids still work; they simply have no price. */
export const MODEL_CATALOG: CatalogModel[] = [
  { id: "openai:gpt-4o-mini", provider: "openai", label: "GPT-4o mini", contextWindow: 128_000, capabilities: caps(true, true, false), price: { input: 0.15, output: 0.6 } },
  { id: "openai:gpt-4o", provider: "openai", label: "GPT-4o", contextWindow: 128_000, capabilities: caps(true, true, false), price: { input: 2.5, output: 10 } },
  { id: "openai:gpt-4.1", provider: "openai", label: "GPT-4.1", contextWindow: 1_047_576, capabilities: caps(true, true, false), price: { input: 2, output: 8 } },
  { id: "openai:gpt-4.1-mini", provider: "openai", label: "GPT-4.1 mini", contextWindow: 1_047_576, capabilities: caps(true, true, false), price: { input: 0.4, output: 1.6 } },
  { id: "openai:o4-mini", provider: "openai", label: "o4-mini", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 1.1, output: 4.4 } },
  { id: "openai:gpt-5", provider: "openai", label: "GPT-5", contextWindow: 400_000, capabilities: caps(true, true, true), price: { input: 1.25, output: 10 } },
  { id: "openai:gpt-5-mini", provider: "openai", label: "GPT-5 mini", contextWindow: 400_000, capabilities: caps(true, true, true), price: { input: 0.25, output: 2 } },
  { id: "anthropic:claude-sonnet-4-5", provider: "anthropic", label: "Claude Sonnet 4.5", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 3, output: 15 } },
  { id: "anthropic:claude-haiku-4-5", provider: "anthropic", label: "Claude Haiku 4.5", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 1, output: 5 } },
  { id: "anthropic:claude-opus-4-1", provider: "anthropic", label: "Claude Opus 4.1", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 15, output: 75 } },
  { id: "google:gemini-2.5-flash", provider: "google", label: "Gemini 2.5 Flash", contextWindow: 1_048_576, capabilities: caps(true, true, true), price: { input: 0.3, output: 2.5 } },
  { id: "google:gemini-2.5-pro", provider: "google", label: "Gemini 2.5 Pro", contextWindow: 1_048_576, capabilities: caps(true, true, true), price: { input: 1.25, output: 10 } },
  { id: "openrouter:openai/gpt-4o-mini", provider: "openrouter", label: "GPT-4o mini (OpenRouter)", contextWindow: 128_000, capabilities: caps(true, true, false), price: { input: 0.15, output: 0.6 } },
  { id: "openrouter:anthropic/claude-sonnet-4.5", provider: "openrouter", label: "Claude Sonnet 4.5 (OpenRouter)", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 3, output: 15 } },
  { id: "openrouter:meta-llama/llama-3.3-70b-instruct", provider: "openrouter", label: "Llama 3.3 70B (OpenRouter)", contextWindow: 131_072, capabilities: caps(false, true, false) },
  { id: "gateway:openai/gpt-4o-mini", provider: "gateway", label: "GPT-4o mini (Gateway)", contextWindow: 128_000, capabilities: caps(true, true, false), price: { input: 0.15, output: 0.6 } },
  { id: "gateway:anthropic/claude-sonnet-4.5", provider: "gateway", label: "Claude Sonnet 4.5 (Gateway)", contextWindow: 200_000, capabilities: caps(true, true, true), price: { input: 3, output: 15 } },
  { id: "gateway:google/gemini-2.5-flash", provider: "gateway", label: "Gemini 2.5 Flash (Gateway)", contextWindow: 1_048_576, capabilities: caps(true, true, true), price: { input: 0.3, output: 2.5 } },
];

const byId = new Map(MODEL_CATALOG.map((m) => [m.id, m]));

export function parseModelId(id: string): { provider: string; model: string } | undefined {
  const i = id.indexOf(":");
  if (i <= 0 || i === id.length - 1) return undefined;
  return { provider: id.slice(0, i), model: id.slice(i + 1) };
}

/** Catalog entry for an id, or a plain entry with unknown price for models the catalog has never heard of. */
export function describeModel(id: string): CatalogModel {
  const known = byId.get(id);
  if (known) return known;
  const parsed = parseModelId(id);
  const provider = (PROVIDERS as readonly string[]).includes(parsed?.provider ?? "")
    ? (parsed!.provider as ProviderId)
    : "openai-compatible";
  return { id, provider, label: parsed?.model ?? id, capabilities: caps(false, false, false) };
}

/** Cost in USD for a reply, or undefined when the model's price is unknown. */
export function estimateCost(id: string, usage: { inputTokens?: number; outputTokens?: number }): number | undefined {
  const price = byId.get(id)?.price;
  if (!price) return undefined;
  return ((usage.inputTokens ?? 0) * price.input + (usage.outputTokens ?? 0) * price.output) / 1_000_000;
}
