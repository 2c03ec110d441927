import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonGuard } from "./json-guard";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Runs text through a guard in pieces of `size` bytes and parses what comes out. */
function through(text: string, limits = { maxStringBytes: 10, maxDepth: 8 }, size = 3) {
  const guard = new JsonGuard(limits);
  const bytes = enc.encode(text);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(guard.filter(bytes.subarray(i, i + size)));
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) joined.set(p, (at += p.length) - p.length);
  return { value: JSON.parse(dec.decode(joined)) as unknown, cut: guard.cut };
}

describe("JsonGuard", () => {
  it("cuts a long string at the limit and skips the rest of it, leaving valid JSON", () => {
    expect(through('{"a":"0123456789abcdef","b":"short"}')).toEqual({ value: { a: "0123456789", b: "short" }, cut: 1 });
    expect(through(`["${"x".repeat(1000)}", 1, "${"y".repeat(11)}"]`)).toEqual({ value: ["x".repeat(10), 1, "y".repeat(10)], cut: 2 });
  });

  it("never cuts inside an escape or a multi-byte character, and skips escaped quotes in the part it drops", () => {
    const { value } = through(`["12345678\\u00e9tail", "123456789é!", "${"z".repeat(12)}\\" still the string\\\\", "next"]`);
    expect(value).toEqual(["12345678é", "123456789é", "z".repeat(10), "next"]);
  });

  it("passes strings within the limit (as written, escapes and all) untouched, whatever the chunking", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 10, unit: "grapheme-ascii" }), { maxLength: 8 }), fc.integer({ min: 1, max: 17 }), (strings, size) => {
        const text = JSON.stringify({ strings, nested: [[{ k: strings }]] });
        // Ten characters are at most 60 bytes as JSON writes them (\\u0000).
        expect(through(text, { maxStringBytes: 60, maxDepth: 8 }, size).value).toEqual(JSON.parse(text));
      }),
    );
  });

  it("stops at nesting deeper than its limit, but not for brackets inside strings", () => {
    expect(() => through("[[[[[[[[[[1]]]]]]]]]]")).toThrow(/more than 8 levels/);
    expect(through('["[[[[[[[[[["]', { maxStringBytes: 100, maxDepth: 2 }).value).toEqual(["[[[[[[[[[["]);
  });

  it("stops at a run of whitespace longer than its limit, outside strings only", () => {
    const limits = { maxStringBytes: 10_000, maxDepth: 8, maxBlankRun: 100 };
    expect(() => through(`[${" ".repeat(101)}1]`, limits)).toThrow(/whitespace in a row/);
    expect(through(`[${" \n".repeat(40)}1,${" ".repeat(100)}2]`, limits).value).toEqual([1, 2]);
    expect(through(`["${" ".repeat(500)}"]`, limits).value).toEqual([" ".repeat(500)]);
  });

  it("returns a chunk with nothing to cut as it is, without copying", () => {
    const guard = new JsonGuard({ maxStringBytes: 10, maxDepth: 8 });
    const chunk = enc.encode('{"a": [1, 2, "three"]}');
    expect(guard.filter(chunk)).toBe(chunk);
  });
});
