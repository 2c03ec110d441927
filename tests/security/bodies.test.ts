// Bodies, origins and bad input against the built server: a 300 MB body to every route that takes
// one, requests from another site, a batch of 500 calls, a message of only whitespace.
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { chatBody, type HttpUser } from "../support/http-client";
import { useApp } from "../http/helpers/app";
import { memoryOf, probe, rssGrowth, sendHuge } from "./helpers";

const t = useApp({ env: { CHAT_RATE_LIMIT_PER_MINUTE: "0", WRITE_RATE_LIMIT_PER_MINUTE: "0" } });
const MB = 1024 * 1024;
const HUGE = 300 * MB;
// What the server may hold on to for a 300 MB body it refuses: its limit (1 MB for most routes),
// the socket's buffers and the garbage of reading; nothing near the body's size.
const GROWTH_LIMIT_MIB = 24;

let ada: HttpUser;
let sidekiqId: string;
beforeAll(async () => {
  ada = await t.client.signUp("Ada");
  const made = await t.client.mutate<{ id: string }>(ada, "sidekiqs.create", { name: "Bodyguard", description: "For the avatar route" });
  sidekiqId = made.data!.id;
});

const form = (name = "conversations.json") =>
  new TextEncoder().encode(`--b\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/json\r\n\r\n[`);

type Target = { name: string; method: string; path: () => string; headers: () => Record<string, string>; prefix?: () => Uint8Array; fill?: number; warm: () => Promise<unknown> };

const json = () => ({ "content-type": "application/json", origin: t.app.url, cookie: ada.cookie });
const targets: Target[] = [
  { name: "POST /api/chat", method: "POST", path: () => "/api/chat", headers: json, warm: () => t.client.chat(ada, { nope: 1 }) },
  { name: "POST /api/trpc (folders.create)", method: "POST", path: () => "/api/trpc/folders.create", headers: json, warm: () => t.client.mutate(ada, "folders.create", { name: "" }) },
  { name: "POST /api/auth/sign-up/email", method: "POST", path: () => "/api/auth/sign-up/email", headers: () => ({ "content-type": "application/json", origin: t.app.url }), warm: () => t.client.auth(null, "sign-up/email", {}) },
  {
    name: "PUT /api/sidekiqs/{id}/avatar",
    method: "PUT",
    path: () => `/api/sidekiqs/${sidekiqId}/avatar`,
    headers: () => ({ origin: t.app.url, cookie: ada.cookie }),
    warm: () => fetch(`${t.app.url}/api/sidekiqs/${sidekiqId}/avatar`, { method: "PUT", headers: { origin: t.app.url, cookie: ada.cookie }, body: "not an image" }),
  },
  {
    name: "POST /api/import",
    method: "POST",
    path: () => "/api/import",
    headers: () => ({ "content-type": "multipart/form-data; boundary=b", origin: t.app.url, cookie: ada.cookie }),
    // A JSON list that never ends, all whitespace: what the import's readers must stop.
    prefix: form,
    fill: 0x20,
    warm: () => fetch(`${t.app.url}/api/import`, { method: "POST", headers: { origin: t.app.url, cookie: ada.cookie }, body: new FormData() }),
  },
];

describe("bodies (built server)", () => {
  for (const target of targets) {
    it(`${target.name}: a 300 MB body is a 413 that names its limit; the server grows by a few MB and keeps answering`, async () => {
      await target.warm();
      await target.warm();
      const url = t.app.url + target.path();
      // Declared: refused before it is read.
      const declared = await sendHuge(url, { method: target.method, headers: target.headers(), total: 4 * MB, declare: HUGE, prefix: target.prefix?.(), fill: target.fill });
      expect(declared.status, declared.body).toBe(413);
      const health = probe(t.app.url);
      const { result, growthMiB } = await rssGrowth(t.app.pid, () => sendHuge(url, { method: target.method, headers: target.headers(), total: HUGE, prefix: target.prefix?.(), fill: target.fill }));
      const probes = await health.stop();
      expect(result.status, result.body).toBe(413);
      const error = (JSON.parse(result.body) as { error: { code: string; message: string; details?: { limitBytes?: number } } }).error;
      expect(error.code).toBe("PAYLOAD_TOO_LARGE");
      expect(error.message).toMatch(/\d+ (MB|KB)/);
      expect(error.details?.limitBytes).toBeGreaterThan(0);
      // It stopped reading long before the end.
      expect(result.sentBytes).toBeLessThan(HUGE / 2);
      console.log(`${target.name}: 413 after ${(result.sentBytes / MB).toFixed(1)} MB sent, RSS +${growthMiB.toFixed(1)} MiB, health ${probes.count} probes, ${probes.failures} failed, p95 ${probes.p95.toFixed(0)} ms`);
      expect(growthMiB).toBeLessThan(GROWTH_LIMIT_MIB);
      expect(probes.failures).toBe(0);
      expect((await fetch(`${t.app.url}/api/health`)).status).toBe(200);
    }, 60_000);
  }

  it("leaves the server's memory near where it started after all of them", () => {
    expect(memoryOf(t.app.pid).rss).toBeLessThan(1024);
  });
});

describe("connections (built server)", () => {
  /** A request on a keep-alive agent of one socket: each one reuses the last one's connection if it can. */
  function call(agent: Agent, path: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}) {
    return new Promise<{ status: number; connection: string | undefined; ms: number }>((resolve, reject) => {
      const t0 = performance.now();
      const req = request(t.app.url + path, { agent, method: init.method ?? "GET", headers: init.headers, timeout: 20_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, ms: performance.now() - t0 }));
      });
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", reject);
      req.end(init.body);
    });
  }

  it("after answering a body it did not read, drops the rest, so the next request on that connection is not stuck behind it", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const big = Buffer.alloc(3 * MB, 0x61);
    const cases = [
      { path: "/api/chat", headers: { ...json(), "content-type": "application/json" } },
      { path: "/api/chat", headers: { origin: "https://evil.example", "content-type": "application/json", cookie: ada.cookie } },
      { path: "/api/trpc/folders.create", headers: json() },
    ];
    for (const c of cases) {
      const refused = await call(agent, c.path, { method: "POST", headers: c.headers, body: big });
      expect([403, 413]).toContain(refused.status);
      const next = await call(agent, "/api/health");
      expect(next.status).toBe(200);
      // Stuck behind an unread body it would wait for the keep-alive timeout (65 s), or time out.
      expect(next.ms).toBeLessThan(10_000);
    }
    const ok = await call(agent, "/api/trpc/folders.create", { method: "POST", headers: json(), body: Buffer.from(JSON.stringify({ json: { name: "kept" } })) });
    expect([ok.status, ok.connection]).toEqual([200, "keep-alive"]);
    agent.destroy();
  });
});

describe("origins (built server)", () => {
  const modelCalls = () => t.fake.requests.filter((r) => r.stream).length;

  it("refuses a chat from another site, even as text/plain with the victim's cookie: 403, no model call, nothing saved", async () => {
    const before = modelCalls();
    const body = chatBody("from evil.example #tokens:3");
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example", "content-type": "text/plain" },
      { origin: "https://evil.example", "content-type": "application/json" },
      { origin: "null", "content-type": "text/plain" },
      { "content-type": "application/json" },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${t.app.url}/api/chat`, { method: "POST", headers: { ...headers, cookie: ada.cookie }, body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    }
    // From the app itself, text/plain is not a chat request either.
    const plain = await fetch(`${t.app.url}/api/chat`, { method: "POST", headers: { origin: t.app.url, "content-type": "text/plain", cookie: ada.cookie }, body: JSON.stringify(body) });
    expect(plain.status).toBe(415);
    expect(modelCalls()).toBe(before);
    expect((await t.client.query(ada, "threads.get", { threadId: body.threadId })).error?.data.code).toBe("NOT_FOUND");
  });

  it("refuses an import from another site: 403, nothing imported", async () => {
    const file = new FormData();
    file.append("file", new Blob([JSON.stringify([{ uuid: randomUUID(), name: "Planted", chat_messages: [{ uuid: randomUUID(), sender: "human", text: "hi", created_at: new Date().toISOString() }] }])]), "conversations.json");
    const res = await fetch(`${t.app.url}/api/import`, { method: "POST", headers: { origin: "https://evil.example", cookie: ada.cookie }, body: file });
    expect(res.status).toBe(403);
    const list = await t.client.query<{ items: { title: string | null }[] }>(ada, "threads.list", {});
    expect(list.data!.items.map((i) => i.title)).not.toContain("Planted");
  });

  it("refuses tRPC mutations and Better Auth calls from another site", async () => {
    const trpc = await fetch(`${t.app.url}/api/trpc/folders.create`, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json", cookie: ada.cookie }, body: JSON.stringify({ json: { name: "Planted" } }) });
    expect(trpc.status).toBe(403);
    const signOut = await fetch(`${t.app.url}/api/auth/sign-out`, { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json", cookie: ada.cookie }, body: "{}" });
    expect(signOut.status).toBe(403);
    expect((await t.client.query<{ name: string }[]>(ada, "folders.list", {})).data!.map((f) => f.name)).not.toContain("Planted");
    // Still signed in.
    expect((await t.client.query(ada, "threads.list", {})).status).toBe(200);
  });
});

describe("batches and bad bodies (built server)", () => {
  it("refuses a batch of 500 calls in one request, running none of them; 20 is fine", async () => {
    const batch = (n: number) => {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { name: `Batch ${n}-${i}` } }]));
      return fetch(`${t.app.url}/api/trpc/${Array(n).fill("folders.create").join(",")}?batch=1`, { method: "POST", headers: { ...json() }, body: JSON.stringify(input) });
    };
    const big = await batch(500);
    expect(big.status).toBe(400);
    const folders = async () => (await t.client.query<{ name: string }[]>(ada, "folders.list", {})).data!.filter((f) => f.name.startsWith("Batch "));
    expect(await folders()).toEqual([]);
    const ok = await batch(20);
    expect(ok.status).toBe(200);
    expect(await folders()).toHaveLength(20);
  });

  it("refuses a message of only whitespace or byte-order marks with a 400: no failed turn, no model call", async () => {
    const before = t.fake.requests.length;
    for (const text of ["   \n\t ", "\uFEFF", "\uFEFF \uFEFF\n"]) {
      const body = chatBody(text);
      const res = await t.client.chat(ada, body);
      expect(res.status, JSON.stringify(text)).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("The message is empty");
      expect((await t.client.query(ada, "threads.get", { threadId: body.threadId })).error?.data.code).toBe("NOT_FOUND");
    }
    expect(t.fake.requests.length).toBe(before);
  });
});
