import { describe, expect, it } from "vitest";
import { chatRequestSchema, hasVisibleText } from "./request";

const body = (text: string) => ({
  threadId: "0b8f2f6e-8a47-4c55-9d8e-6f1f6b3c2a10",
  modelId: "openai-compatible:fake-model",
  message: { id: "m1", role: "user", parts: [{ type: "text", text }] },
});

describe("chat request", () => {
  it("refuses a message of only whitespace or byte-order marks (the model refuses an empty prompt)", () => {
    for (const text of [" ", "\n\t  \r\n", "\uFEFF", "\uFEFF \uFEFF", "\u00A0\u2003"]) {
      const parsed = chatRequestSchema.safeParse(body(text));
      expect(parsed.success, JSON.stringify(text)).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).toContain("The message is empty");
    }
  });

  it("takes a message with anything visible in it, spaces and all", () => {
    expect(chatRequestSchema.safeParse(body("  hi  ")).success).toBe(true);
    expect(chatRequestSchema.safeParse(body("\uFEFFhello")).success).toBe(true);
    expect(hasVisibleText("\u200B")).toBe(true);
  });
});
