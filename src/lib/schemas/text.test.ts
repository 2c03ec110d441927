import { describe, expect, it } from "vitest";
import { isStorableText, storableString } from "./text";

describe("storableString", () => {
  it("accepts any well-formed text, emoji and other scripts included", () => {
    for (const s of ["", "plain", "😀 café ŝ 中文", "tab\tand\nnewline", "\u{10FFFF}"]) expect(isStorableText(s)).toBe(true);
  });

  it("refuses NUL and lone surrogates with a clear message", () => {
    for (const s of ["a\u0000b", "\ud800", "x\udc00y", "\ud83d"]) {
      const r = storableString().safeParse(s);
      expect(r.success, JSON.stringify(s)).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/NUL|Unicode/);
    }
  });
});

describe("containsUnstorableText", () => {
  it("finds NUL or a lone surrogate anywhere in a parsed body, keys included", async () => {
    const { containsUnstorableText } = await import("./text");
    expect(containsUnstorableText({ a: [1, { b: "fine" }], c: null })).toBe(false);
    expect(containsUnstorableText({ a: [1, { b: "x\u0000" }] })).toBe(true);
    expect(containsUnstorableText({ ["k\ud800"]: 1 })).toBe(true);
    expect(containsUnstorableText("\udc00")).toBe(true);
  });
});
