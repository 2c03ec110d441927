import { describe, expect, it } from "vitest";
import { describeModel, estimateCost, parseModelId } from "./models";

describe("model catalog", () => {
  it("parses provider:model ids, keeping colons in the model part", () => {
    expect(parseModelId("openai-compatible:llama3.2:8b")).toEqual({ provider: "openai-compatible", model: "llama3.2:8b" });
    expect(parseModelId("nocolon")).toBeUndefined();
    expect(parseModelId(":x")).toBeUndefined();
  });

  it("prices known models per million tokens and leaves unknown ones unpriced", () => {
    expect(estimateCost("openai:gpt-4o-mini", { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(0.75);
    expect(estimateCost("openai-compatible:llama3.2", { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
  });

  it("describes unknown models with their provider and name", () => {
    const m = describeModel("openai-compatible:qwen2.5");
    expect(m.provider).toBe("openai-compatible");
    expect(m.label).toBe("qwen2.5");
    expect(m.price).toBeUndefined();
  });
});
