import { describe, expect, it } from "vitest";
import { cleanTitle, fallbackTitle } from "./generate-title";

describe("titles", () => {
  it("cleans what a model returns", () => {
    expect(cleanTitle('Title: "Lisbon weekend plan."')).toBe("Lisbon weekend plan");
    expect(cleanTitle("Plan my Lisbon weekend,\nmore")).toBe("Plan my Lisbon weekend");
    expect(cleanTitle("   ")).toBeUndefined();
    expect(cleanTitle("x".repeat(200))!.length).toBeLessThanOrEqual(80);
  });

  it("falls back to the first words of the message", () => {
    expect(fallbackTitle("  how   do I bake bread at home without yeast or a stand mixer ")).toBe("how do I bake bread at home without");
    expect(fallbackTitle("")).toBe("New chat");
  });
});
