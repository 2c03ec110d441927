import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { plainJson, transformer } from "./transformer";

const overTheWire = (value: unknown) => transformer.deserialize(JSON.parse(JSON.stringify(transformer.serialize(value))));

describe("transformer", () => {
  it("sends a value marked plain as it is, and reads it back equal", () => {
    const tree = plainJson({ leafMessageId: "b", nodes: [{ id: "a", parentId: null, cost: 0.5, preview: "hi" }, { id: "b", parentId: "a", cost: null, preview: "" }] });
    expect(transformer.serialize(tree)).toEqual({ json: tree });
    expect(overTheWire(tree)).toEqual(tree);
  });

  it("sends anything else through superjson, Dates and all", () => {
    const value = { at: new Date("2026-12-02T10:00:00Z"), ids: new Set(["x"]), missing: undefined };
    expect(transformer.serialize(value)).toEqual(superjson.serialize(value));
    const back = overTheWire(value) as typeof value;
    expect(back.at).toBeInstanceOf(Date);
    expect(back.at.toISOString()).toBe("2026-12-02T10:00:00.000Z");
    expect(back.ids).toEqual(new Set(["x"]));
  });

  it("reads what plain superjson wrote (an older server or the SSR payload)", () => {
    expect(transformer.deserialize(superjson.serialize({ at: new Date(0) }))).toEqual({ at: new Date(0) });
  });

  it("does not mark a copy: the copy goes through superjson", () => {
    const marked = plainJson({ a: 1 });
    expect(transformer.serialize({ ...marked })).toEqual(superjson.serialize({ a: 1 }));
  });
});
