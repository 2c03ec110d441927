// The browser's defences on every response, the data folder's modes and the request log, against
// the built server. On PGlite the server starts on a data folder made with loose modes first, as
// one from before this release would be.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chatBody, type HttpUser } from "../support/http-client";
import { dbKind, useApp } from "../http/helpers/app";

// A folder as an earlier release left it: world-readable, a world-writable file in it.
const looseDir = mkdtempSync(path.join(tmpdir(), "sidekiq-loose-"));
chmodSync(looseDir, 0o777);
mkdirSync(path.join(looseDir, "old"), { mode: 0o755 });
writeFileSync(path.join(looseDir, "old", "file"), "x", { mode: 0o666 });
chmodSync(path.join(looseDir, "old", "file"), 0o666);

const t = useApp({ env: { LOG_LEVEL: "info", ...(dbKind === "pglite" ? { SIDEKIQ_DATA_DIR: looseDir } : {}) }, dataDir: dbKind === "pglite" ? looseDir : undefined });

let ada: HttpUser;
let threadId: string;
beforeAll(async () => {
  ada = await t.client.signUp("Ada");
  const body = chatBody("headers #tokens:2");
  await (await t.client.chat(ada, body)).text();
  threadId = body.threadId;
});

const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
};

describe("security headers (built server)", () => {
  it("every page has a nonce-based CSP that the page's scripts carry, and the other headers", async () => {
    const pages = [...["/sign-in", "/sign-up"].map((p) => [p, ""]), ...["/", `/chat/${threadId}`, "/settings", "/sidekiqs", "/library"].map((p) => [p, ada.cookie])];
    for (const [p, cookie] of pages as [string, string][]) {
      const res = await fetch(t.app.url + p, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      expect(res.status, p).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${p}: ${csp}`).toBeDefined();
      for (const d of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "img-src 'self' data: blob:", "connect-src 'self'"]) expect(csp, p).toContain(d);
      for (const [k, v] of Object.entries(BASE_HEADERS)) expect(res.headers.get(k), `${p} ${k}`).toBe(v);
      expect(res.headers.get("permissions-policy"), p).toMatch(/camera=\(\)/);
      const html = await res.text();
      // `curl -s / | grep nonce=`: Next's scripts carry this response's nonce, and every script does.
      expect(html, p).toContain(`nonce="${nonce}"`);
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, p).toBeGreaterThan(0);
      for (const s of scripts) expect(s, p).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce every time.
    const a = (await fetch(`${t.app.url}/sign-in`)).headers.get("content-security-policy");
    const b = (await fetch(`${t.app.url}/sign-in`)).headers.get("content-security-policy");
    expect(a).not.toBe(b);
  });

  it("a signed-out visit to / is sent to sign-in, and the page it lands on has the nonce", async () => {
    const res = await fetch(`${t.app.url}/`, { redirect: "manual" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toMatch(/\/sign-in$/);
    const followed = await fetch(`${t.app.url}/`);
    expect(await followed.text()).toMatch(/nonce="[A-Za-z0-9+/=]+"/);
  });

  it("the API's answers may not run, load or be framed, and carry the same headers", async () => {
    for (const p of ["/api/health", `/api/trpc/threads.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`]) {
      const res = await fetch(t.app.url + p, { headers: { cookie: ada.cookie } });
      expect(res.headers.get("content-security-policy"), p).toBe("default-src 'none'; frame-ancestors 'none'");
      for (const [k, v] of Object.entries(BASE_HEADERS)) expect(res.headers.get(k), `${p} ${k}`).toBe(v);
    }
  });

  it("a shared page sends no Referer anywhere, and HSTS comes with https", async () => {
    const share = await t.client.mutate<{ token: string }>(ada, "shares.create", { threadId });
    const res = await fetch(`${t.app.url}/share/${share.data!.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const https = await fetch(`${t.app.url}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(https.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });
});

describe("logs (built server)", () => {
  it("writes share tokens and invitation ids to the request log only as a prefix", async () => {
    const share = await t.client.mutate<{ token: string }>(ada, "shares.create", { threadId });
    const token = share.data!.token;
    await fetch(`${t.app.url}/share/${token}`);
    const invitationId = "0b8f2f6e-8a47-4c55-9d8e-6f1f6b3c2a10";
    await fetch(`${t.app.url}/invite/${invitationId}`, { headers: { cookie: ada.cookie } });
    await expect.poll(() => t.app.output()).toContain(`"path":"/share/${token.slice(0, 6)}…"`);
    await expect.poll(() => t.app.output()).toContain(`"path":"/invite/${invitationId.slice(0, 6)}…"`);
    expect(t.app.output()).not.toContain(token);
    expect(t.app.output()).not.toContain(invitationId);
  });
});

describe.runIf(dbKind === "pglite")("the data folder (built server, PGlite)", () => {
  it("is its owner's alone: 0700, every file 0600, a loose one from before tightened and said so", () => {
    const bad: string[] = [];
    const walk = (p: string) => {
      const st = statSync(p);
      if (st.mode & 0o077) bad.push(`${p} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
    };
    walk(looseDir);
    expect(bad).toEqual([]);
    // PGlite's own files (WAL included) were made after the umask.
    expect(readdirSync(looseDir).length).toBeGreaterThan(3);
    expect(t.app.output()).toMatch(/the data folder was readable by other users; tightened/);
  });
});
