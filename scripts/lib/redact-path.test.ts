import { describe, expect, it } from "vitest";
import { redactPath } from "./redact-path.mjs";

describe("redactPath", () => {
  it("keeps only a prefix of share tokens and invitation ids", () => {
    expect(redactPath("/share/k2Jq9xYvLmN3pQ8rT5sW1uZ0aB4cD6eF7gH9iJ0kL2m")).toBe("/share/k2Jq9x…");
    expect(redactPath("/invite/0b8f2f6e-8a47-4c55-9d8e-6f1f6b3c2a10")).toBe("/invite/0b8f2f…");
    expect(redactPath("/share/k2Jq9xYvLmN3pQ8rT5sW1uZ0aB4cD6eF7gH9iJ0kL2m/opengraph-image")).toBe("/share/k2Jq9x…/opengraph-image");
  });

  it("leaves every other path as it is", () => {
    for (const p of ["/", "/chat/0b8f2f6e-8a47-4c55-9d8e-6f1f6b3c2a10", "/api/chat", "/sharing/x", "/api/share/abc"]) expect(redactPath(p)).toBe(p);
  });
});
