import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type MemoryRelease, releaseMemoryWhenIdle } from "./idle-memory.mjs";

let server: Server | undefined;
afterEach(() => server?.close());

async function start(options: Parameters<typeof releaseMemoryWhenIdle>[1]) {
  let finish: (() => void)[] = [];
  server = createServer((_req, res) => {
    finish.push(() => res.end("ok"));
  });
  releaseMemoryWhenIdle(server, options);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    request: () => fetch(url).then((r) => r.text()),
    /** Ends every request the server holds open. */
    endAll: () => {
      for (const f of finish) f();
      finish = [];
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("releaseMemoryWhenIdle", () => {
  it("collects once the last request has ended and the server stayed idle, never while one is open", async () => {
    const releases: MemoryRelease[] = [];
    const app = await start({ idleMs: 50, minGrowthBytes: 0, onRelease: (r) => releases.push(r) });
    const a = app.request();
    const b = app.request();
    await sleep(30);
    app.endAll();
    await Promise.all([a, b]);
    // A new request within the idle window postpones the collection until it has ended too.
    await sleep(20);
    const c = app.request();
    await sleep(100);
    expect(releases).toHaveLength(0);
    app.endAll();
    await c;
    await sleep(150);
    expect(releases).toHaveLength(1);
    expect(releases[0]!.afterMiB).toBeGreaterThan(0);
  });

  it("leaves a heap alone that has not grown enough since the last collection", async () => {
    const releases: unknown[] = [];
    const app = await start({ idleMs: 20, minGrowthBytes: 1024 ** 4, onRelease: (r) => releases.push(r) });
    const a = app.request();
    await sleep(10);
    app.endAll();
    await a;
    await sleep(80);
    expect(releases).toHaveLength(0);
  });
});
