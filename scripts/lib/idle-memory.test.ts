// Deterministic: a server and requests made of plain event emitters, V8's heap size and its
// collection replaced, and Vitest's fake timers for the idle window. No sockets, no sleeps.
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { releaseMemoryWhenIdle } from "./idle-memory.mjs";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup({ idleMs, minGrowthBytes }: { idleMs: number; minGrowthBytes: number }) {
  const server = new EventEmitter();
  let heap = 100;
  const collections: unknown[] = [];
  releaseMemoryWhenIdle(server as never, {
    idleMs,
    minGrowthBytes,
    heapSize: () => heap,
    collect: (o) => {
      collections.push(o);
      heap = 100;
    },
  });
  return {
    collections,
    grow: (bytes: number) => (heap += bytes),
    /** A request that stays open until `end()`. */
    request: () => {
      const res = new EventEmitter();
      server.emit("request", {}, res);
      return { end: () => res.emit("close") };
    },
  };
}

describe("releaseMemoryWhenIdle", () => {
  it("collects once the last request has ended and the server stayed idle, never while one is open", () => {
    const app = setup({ idleMs: 50, minGrowthBytes: 10 });
    app.grow(1_000);
    const a = app.request();
    const b = app.request();
    a.end();
    vi.advanceTimersByTime(500);
    expect(app.collections).toHaveLength(0); // b is still open
    b.end();
    vi.advanceTimersByTime(20);
    // A new request within the idle window postpones the collection until it has ended too.
    const c = app.request();
    vi.advanceTimersByTime(500);
    expect(app.collections).toHaveLength(0);
    c.end();
    vi.advanceTimersByTime(49);
    expect(app.collections).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(app.collections).toEqual([{ type: "major", flavor: "last-resort" }]);
  });

  it("leaves a heap alone that has not grown enough since the last collection", () => {
    const app = setup({ idleMs: 20, minGrowthBytes: 1_000 });
    app.grow(999);
    app.request().end();
    vi.advanceTimersByTime(1_000);
    expect(app.collections).toHaveLength(0);
    app.grow(1);
    app.request().end();
    vi.advanceTimersByTime(20);
    expect(app.collections).toHaveLength(1);
  });
});
