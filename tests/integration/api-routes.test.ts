// Every API route module, found on disk, gets the two requests that closed the hardening issue's
// classes of defect: a state-changing request from another site (403 before anything runs) and a
// body past its limit (413 without the process ever reading past it). A new route that skips
// apiRoute or reads its body whole fails here; one that is not in LIMITS fails too, until its
// limit is written down.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BASE, signUp, type TestUser } from "./helpers/context";

type Handler = (req: Request, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
const modules = import.meta.glob<Record<string, unknown>>("/src/app/api/**/route.ts");
const UNSAFE = ["POST", "PUT", "PATCH", "DELETE"] as const;

/** Each route's body limit, in bytes, as it is documented (README "Security"). */
const LIMITS: Record<string, number> = {
  "/api/chat": 1_000_000,
  "/api/trpc/[trpc]": 1_000_000,
  "/api/auth/[...all]": 64 * 1024,
  "/api/sidekiqs/[sidekiqId]/avatar": 1_000_000,
  "/api/import": 200 * 1024 * 1024 + 64 * 1024,
};
// Routes whose writes are tested here with a concrete path: a catch-all needs one to reach an endpoint.
const CONCRETE: Record<string, { path: string; params: Record<string, unknown> }> = {
  "/api/auth/[...all]": { path: "/api/auth/sign-out", params: { all: ["sign-out"] } },
  "/api/trpc/[trpc]": { path: "/api/trpc/folders.create", params: { trpc: "folders.create" } },
};

const routes = Object.keys(modules).map((file) => {
  const route = file.replace(/^\/src\/app/, "").replace(/\/route\.ts$/, "");
  const concrete = CONCRETE[route];
  const params: Record<string, unknown> = concrete?.params ?? {};
  const path = concrete?.path ?? route.replace(/\[(\.\.\.)?(\w+)\]/g, (_, _rest, name: string) => (params[name] = randomUUID()) as string);
  return { file, route, path, params };
});

/** A body made as it is read, `total` bytes of `fill`; `pulled()` says how much the handler took. */
function lazyBody(total: number, fill = 0x61) {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(fill);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

async function call(file: string, method: string, path: string, params: Record<string, unknown>, init: RequestInit & { duplex?: "half" }) {
  const handler = (await modules[file]!())[method] as Handler;
  return handler(new Request(`${BASE}${path}`, { method, ...init }), { params: Promise.resolve(params) });
}

describe("every API route", () => {
  it("is found on disk, and every one that takes a body has its limit written down", async () => {
    expect(routes.map((r) => r.route)).toEqual(expect.arrayContaining(["/api/chat", "/api/import", "/api/trpc/[trpc]", "/api/auth/[...all]"]));
    for (const { file, route } of routes) {
      const mod = await modules[file]!();
      const writes = UNSAFE.filter((m) => typeof mod[m] === "function" && m !== "DELETE");
      if (writes.length) expect(LIMITS[route], `${route} takes a body (${writes.join(", ")}): add its limit to LIMITS`).toBeTypeOf("number");
    }
  });

  it("answers 403 to a state-changing request from another site, or with no Origin, before it does anything", async () => {
    const ada = await signUp();
    let checked = 0;
    for (const { file, route, path, params } of routes) {
      const mod = await modules[file]!();
      for (const method of UNSAFE.filter((m) => typeof mod[m] === "function")) {
        for (const origin of ["https://evil.example", "null", undefined]) {
          const headers: Record<string, string> = { cookie: ada.cookie, "content-type": "application/json", ...(origin ? { origin } : {}) };
          const res = await call(file, method, path, params, { headers, body: method === "DELETE" ? undefined : "{}" });
          expect(res.status, `${method} ${route} from ${origin ?? "no origin"}`).toBe(403);
          const body = (await res.json()) as { error?: { code: string } };
          expect(body.error?.code, `${method} ${route}`).toBe("FORBIDDEN");
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    // The session still works, so sign-out from another site did nothing.
    expect(await ada.caller.folders.list()).toEqual([]);
  });

  async function expectBounded(user: TestUser, file: string, route: string, method: string, path: string, params: Record<string, unknown>) {
    const limit = LIMITS[route]!;
    const contentType = route === "/api/import" ? "multipart/form-data; boundary=b" : "application/json";
    const base = { cookie: user.cookie, origin: BASE, "content-type": contentType };
    // Declared too large: refused before a byte is read.
    const declared = lazyBody(limit + 1);
    const refused = await call(file, method, path, params, { headers: { ...base, "content-length": String(300 * 1024 * 1024) }, body: declared.stream, duplex: "half" });
    expect(refused.status, `${method} ${route} with Content-Length 300 MB`).toBe(413);
    expect(declared.pulled(), `${method} ${route} read a body it had refused`).toBeLessThanOrEqual(64 * 1024);
    // Chunked, no length: read up to the limit and no further. The import gets a real form whose
    // file is a JSON list of nothing but whitespace, so its reader is what stops it.
    const total = limit + 4 * 1024 * 1024;
    const chunked = route === "/api/import" ? multipartWhitespace(total) : lazyBody(total);
    const res = await call(file, method, path, params, { headers: base, body: chunked.stream, duplex: "half" });
    expect(res.status, `${method} ${route} with a chunked ${total}-byte body`).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string; details?: { limitBytes?: number } } };
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.error.details?.limitBytes, `${route}'s 413 names its limit`).toBeGreaterThan(0);
    expect(body.error.message).toMatch(/\d+ (MB|KB)/);
    expect(chunked.pulled(), `${method} ${route} read past its limit`).toBeLessThanOrEqual(limit + 128 * 1024);
  }

  it("refuses a body past its limit with a 413 that names it, never reading past it", async () => {
    const ada = await signUp();
    for (const { file, route, path, params } of routes) {
      const mod = await modules[file]!();
      for (const method of (["POST", "PUT", "PATCH"] as const).filter((m) => typeof mod[m] === "function")) {
        const concrete = route === "/api/auth/[...all]" ? { path: "/api/auth/sign-up/email", params: { all: ["sign-up", "email"] } } : { path, params };
        await expectBounded(ada, file, route, method, concrete.path, concrete.params);
      }
    }
  }, 120_000);
});

/** A multipart form whose one file is a JSON list that never ends: `[` and `total` bytes of spaces. */
function multipartWhitespace(total: number) {
  const head = new TextEncoder().encode('--b\r\ncontent-disposition: form-data; name="file"; filename="conversations.json"\r\ncontent-type: application/json\r\n\r\n[');
  const spaces = lazyBody(total, 0x20);
  const reader = spaces.stream.getReader();
  let sentHead = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        return controller.enqueue(head);
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { stream, pulled: spaces.pulled };
}
