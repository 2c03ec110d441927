import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRouteHandler, serveDirect, takesRequest, type WebHandler } from "./direct-route.mjs";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real HTTP server that serves every request with `handler` the way serve.mjs does. */
async function serve(handler: WebHandler, errors: unknown[] = []): Promise<string> {
  const server = createServer((req, res) => void serveDirect(handler, req, res).catch((e) => errors.push(e)));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("serveDirect", () => {
  it("gives the handler the request's method, URL, headers and body, and sends back its status and headers", async () => {
    let seen: { method: string; url: string; cookie: string | null; custom: string | null; body: string } | undefined;
    const base = await serve(async (req) => {
      seen = { method: req.method, url: req.url, cookie: req.headers.get("cookie"), custom: req.headers.get("x-custom"), body: await req.text() };
      const headers = new Headers({ "content-type": "application/json", "x-thread-id": "t1" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/; HttpOnly");
      return new Response(JSON.stringify({ ok: true }), { status: 201, headers });
    });
    const res = await fetch(`${base}/api/chat?from=test`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "session=abc", "x-custom": "yes" },
      body: JSON.stringify({ hello: "wörld" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-thread-id")).toBe("t1");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/; HttpOnly"]);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual({ method: "POST", url: `${base}/api/chat?from=test`, cookie: "session=abc", custom: "yes", body: '{"hello":"wörld"}' });
  });

  it("streams the response as the handler produces it, not when it ends", async () => {
    let finish!: () => void;
    const base = await serve(async () => {
      const body = new ReadableStream<Uint8Array>({
        start: (c) => {
          c.enqueue(new TextEncoder().encode("first\n"));
          finish = () => {
            c.enqueue(new TextEncoder().encode("second\n"));
            c.close();
          };
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const res = await fetch(`${base}/api/chat`, { method: "POST", body: "{}" });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The first chunk arrives while the handler's stream is still open.
    expect((await reader.read()).value).toBe("first\n");
    finish();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
    expect(rest).toBe("second\n");
  });

  it("cancels the response body and aborts the request's signal when the client goes away, and keeps serving", async () => {
    let cancelled = false;
    let signalAborted = false;
    let calls = 0;
    const base = await serve(async (req) => {
      if (calls++ > 0) return new Response("again");
      req.signal.addEventListener("abort", () => (signalAborted = true));
      const body = new ReadableStream<Uint8Array>({
        start: (c) => c.enqueue(new TextEncoder().encode("data: 1\n\n")),
        cancel: () => {
          cancelled = true;
        },
      });
      return new Response(body);
    });
    const controller = new AbortController();
    const res = await fetch(`${base}/api/chat`, { method: "POST", body: "{}", signal: controller.signal });
    await res.body!.getReader().read();
    controller.abort();
    for (let i = 0; i < 50 && !cancelled; i++) await tick(10);
    expect(cancelled).toBe(true);
    expect(signalAborted).toBe(true);
    expect(await (await fetch(`${base}/api/chat`, { method: "POST", body: "{}" })).text()).toBe("again");
  });

  it("carries a large response whole, waiting for the client to drain", async () => {
    const piece = new Uint8Array(64 * 1024).fill(120);
    const pieces = 160; // 10 MiB, far past the socket's buffers
    const base = await serve(async () => {
      let sent = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          pull: (c) => {
            if (sent++ < pieces) c.enqueue(piece);
            else c.close();
          },
        }),
      );
    });
    const res = await fetch(`${base}/api/chat`, { method: "POST", body: "{}" });
    const reader = res.body!.getReader();
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.byteLength;
      if (bytes < 1024 * 1024) await tick(1); // a slow reader at first
    }
    expect(bytes).toBe(piece.byteLength * pieces);
  });

  it("answers 500 with a JSON error when the handler throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const base = await serve(async () => {
      throw new Error("boom (internal detail)");
    }, errors);
    const res = await fetch(`${base}/api/chat`, { method: "POST", body: "{}" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "INTERNAL", message: "Something went wrong." } });
    expect(errors).toHaveLength(1);
  });
});

describe("takesRequest", () => {
  const options = { method: "POST", route: "/api/chat", maxBodyBytes: 100 };
  const req = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as IncomingMessage;

  it("takes the route's method with a body of known, allowed length, with or without a query", () => {
    expect(takesRequest(req("POST", "/api/chat", { "content-length": "100" }), options)).toBe(true);
    expect(takesRequest(req("POST", "/api/chat?x=1", { "content-length": "2" }), options)).toBe(true);
  });

  it("leaves everything else to Next", () => {
    expect(takesRequest(req("GET", "/api/chat", {}), options)).toBe(false);
    expect(takesRequest(req("POST", "/api/chats", { "content-length": "2" }), options)).toBe(false);
    expect(takesRequest(req("POST", "/api/chat/x", { "content-length": "2" }), options)).toBe(false);
    // No length (a chunked upload) or too long: Next reads it, and the route answers 413 itself.
    expect(takesRequest(req("POST", "/api/chat", {}), options)).toBe(false);
    expect(takesRequest(req("POST", "/api/chat", { "content-length": "101" }), options)).toBe(false);
  });
});

describe("loadRouteHandler", () => {
  function distWith(routeJs: string | undefined): string {
    const dist = mkdtempSync(path.join(tmpdir(), "direct-route-"));
    const dir = path.join(dist, "server", "app", "api", "chat");
    mkdirSync(dir, { recursive: true });
    if (routeJs !== undefined) writeFileSync(path.join(dir, "route.js"), routeJs);
    return dist;
  }

  it("returns the built route's handler once its module has loaded", async () => {
    const dist = distWith(
      "let loaded = false;\nmodule.exports = { routeModule: { async ensureUserland() { loaded = true; }, get userland() { if (!loaded) throw new Error('not loaded'); return { POST: async () => new Response('hi') }; } } };",
    );
    const { handler, error } = await loadRouteHandler({ distDir: dist, route: "/api/chat", method: "POST" });
    expect(error).toBeUndefined();
    expect(await (await handler!(new Request("http://x/api/chat", { method: "POST" }))).text()).toBe("hi");
  });

  it("says why when the build is missing or not laid out as expected", async () => {
    expect((await loadRouteHandler({ distDir: distWith(undefined), route: "/api/chat", method: "POST" })).error).toMatch(/could not load the build's \/api\/chat route/);
    expect((await loadRouteHandler({ distDir: distWith("module.exports = {};"), route: "/api/chat", method: "POST" })).error).toMatch(/has no POST handler/);
    expect(
      (await loadRouteHandler({ distDir: distWith("module.exports = { routeModule: { userland: { GET() {} } } };"), route: "/api/chat", method: "POST" })).error,
    ).toMatch(/has no POST handler/);
  });
});
