// A seeded fuzz of malformed requests against the built server: the chat route, the resume route,
// Better Auth's endpoints, tRPC (batches too), import and avatars, from this site and others.
// Nothing may answer 500 or more, the process must never restart, and health must hold throughout.
// FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> changes its size.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatBody, type HttpUser } from "../support/http-client";
import { probe } from "../security/helpers";
import { useApp } from "./helpers/app";

const t = useApp({ env: { CHAT_RATE_LIMIT_PER_MINUTE: "0", WRITE_RATE_LIMIT_PER_MINUTE: "0", CHAT_FIRST_CHUNK_TIMEOUT_MS: "2000", CHAT_CHUNK_TIMEOUT_MS: "2000" } });

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

type FuzzRequest = { method: string; path: string; headers: Record<string, string>; body?: string | Uint8Array; auth: boolean; origin?: "self" | "evil" | "null" | "none" };

// Strings that have broken servers before: NUL, lone surrogates, prototype keys, huge and odd values.
// Strings that have broken servers before: NUL, lone surrogates, prototype keys, huge and odd values.
const unstorable = fc.constantFrom("\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83d", "%00\u0000");
const odd = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "valueOf",
  "hasOwnProperty",
  "toString",
  "openai-compatible:__proto__",
  "__proto__:x",
  "openai-compatible:fake-model",
  "",
  " ",
  "../../etc/passwd",
  "%00",
  "null",
  "x".repeat(5000),
  "😀".repeat(300),
  "\u202e",
  "' or 1=1 --",
  "<script>alert(1)</script>",
);
const nasty = fc.oneof({ weight: 2, arbitrary: unstorable }, { weight: 3, arbitrary: odd });
const anyString = fc.oneof({ weight: 3, arbitrary: nasty }, fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary", maxLength: 40 }));
const scalar = fc.oneof(anyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 12 })), tie("value"), { maxKeys: 5 }),
})).value;

/** A valid chat body with one field, somewhere, replaced or removed. */
const mutatedChat = fc
  .tuple(
    fc.constantFrom("threadId", "modelId", "message", "message.id", "message.role", "message.parts", "message.parts.0", "message.parts.0.type", "message.parts.0.text", "sidekiqId", "retry", "extra"),
    fc.oneof({ weight: 3, arbitrary: anyString }, jsonish, fc.constant(undefined)),
    fc.boolean(),
  )
  .map(([path, value, retry]) => {
    const body: Record<string, unknown> = retry ? { threadId: randomUUID(), modelId: "openai-compatible:fake-model", retry: true } : { ...chatBody("fuzz #tokens:1") };
    let target: Record<string, unknown> = body;
    const keys = path.split(".");
    for (const k of keys.slice(0, -1)) {
      const next = target[k];
      if (typeof next !== "object" || next === null) break;
      target = next as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    if (value === undefined) delete target[last];
    else target[last] = value;
    return body;
  });

const contentType = fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json; charset=utf-16");
const rawBody = fc.oneof(
  jsonish.map((v) => JSON.stringify(v) ?? "null"),
  anyString,
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom("{", "[", '{"threadId":', "{}}", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', "\u0000", '"\\ud800"', "nul\u0000l"),
);

const chatRequest = fc.record({
  method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"),
  path: fc.constant("/api/chat"),
  headers: contentType.map((ct): Record<string, string> => (ct ? { "content-type": ct } : {})),
  body: fc.oneof(mutatedChat.map((b) => JSON.stringify(b)), rawBody),
  auth: fc.boolean(),
});

/** Percent-encodes any string; a lone surrogate becomes the (invalid UTF-8) bytes it would be. */
const pct = (s: string) => s.split(/(\p{Cs})/u).map((piece) => (/^\p{Cs}$/u.test(piece) ? "%ED%A0%80" : encodeURIComponent(piece))).join("");

const resumeRequest = fc.record({
  method: fc.constantFrom("GET", "GET", "POST", "DELETE"),
  path: fc.oneof(fc.uuid(), anyString, nasty).map((id) => `/api/chat/${pct(id)}/stream`),
  headers: fc.constant({}),
  body: fc.constant(undefined),
  auth: fc.boolean(),
});

const AUTH_PATHS = [
  "sign-up/email",
  "sign-in/email",
  "sign-out",
  "get-session",
  "update-user",
  "change-password",
  "change-email",
  "delete-user",
  "list-sessions",
  "revoke-session",
  "revoke-sessions",
  "request-password-reset",
  "reset-password",
  "verify-email",
  "send-verification-email",
  "organization/create",
  "organization/update",
  "organization/set-active",
  "organization/invite-member",
  "organization/accept-invitation",
  "organization/get-full-organization",
  "organization/list",
  "organization/remove-member",
  "organization/update-member-role",
  "organization/leave",
  "organization/check-slug",
];
const authBody = fc.oneof(
  fc.record({ email: fc.oneof(anyString, fc.emailAddress()), password: anyString, name: anyString }, { requiredKeys: [] }),
  fc.record({ name: anyString, image: anyString, slug: anyString, organizationId: anyString, email: anyString, role: anyString, token: anyString, newPassword: anyString, currentPassword: anyString }, { requiredKeys: [] }),
  jsonish,
).map((v) => JSON.stringify(v) ?? "null");
const authRequest = fc.record({
  method: fc.constantFrom("POST", "POST", "GET"),
  path: fc.constantFrom(...AUTH_PATHS).map((p) => `/api/auth/${p}`),
  headers: fc.constant({ "content-type": "application/json" }),
  body: fc.oneof(authBody, rawBody),
  auth: fc.boolean(),
});

const PROCEDURES = [
  "threads.list",
  "threads.get",
  "threads.rename",
  "threads.pin",
  "threads.archive",
  "threads.delete",
  "threads.search",
  "threads.move",
  "messages.list",
  "models.list",
  "chat.stop",
  "folders.create",
  "folders.rename",
  "sidekiqs.create",
  "sidekiqs.list",
  "shares.create",
  "imports.latest",
  "nope.nothing",
];
const trpcInput = fc.oneof(jsonish, fc.record({ json: jsonish }), fc.record({ json: fc.record({ threadId: fc.oneof(fc.uuid(), anyString), title: anyString, name: anyString, query: anyString, limit: jsonish, cursor: jsonish }, { requiredKeys: [] }) }));
const trpcRequest = fc
  .record({
    procs: fc.array(fc.constantFrom(...PROCEDURES), { minLength: 1, maxLength: 30 }),
    post: fc.boolean(),
    inputs: fc.array(trpcInput, { minLength: 1, maxLength: 30 }),
    batch: fc.boolean(),
    auth: fc.boolean(),
  })
  .map(({ procs, post, inputs, batch, auth }): FuzzRequest => {
    const names = batch ? procs : procs.slice(0, 1);
    const encoded = JSON.stringify(batch ? Object.fromEntries(names.map((_, i) => [i, inputs[i % inputs.length]])) : inputs[0]) ?? "null";
    const path = `/api/trpc/${names.join(",")}${batch ? "?batch=1" : ""}`;
    return post
      ? { method: "POST", path, headers: { "content-type": "application/json" }, body: encoded, auth }
      : { method: "GET", path: `${path}${batch ? "&" : "?"}input=${pct(encoded.slice(0, 6000))}`, headers: {}, auth };
  });

/** A multipart form around some bytes, or something that only claims to be one. */
const importBody = fc.oneof(
  fc.record({ file: fc.oneof(rawBody, fc.constant('[{"mapping":{}}]'), fc.constant("PK\u0003\u0004garbage"), jsonish.map((v) => JSON.stringify([v]))), field: fc.constantFrom("file", "file", "other", "") }).map(({ file, field }) => {
    const boundary = "fuzzboundary";
    const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
    const head = new TextEncoder().encode(`--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="conversations.json"\r\n\r\n`);
    const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const body = new Uint8Array(head.length + bytes.length + tail.length);
    body.set(head);
    body.set(bytes, head.length);
    body.set(tail, head.length + bytes.length);
    return { body, contentType: `multipart/form-data; boundary=${boundary}` };
  }),
  fc.record({ body: rawBody, contentType }),
);
const importRequest = fc.record({ method: fc.constantFrom("POST", "POST", "POST", "GET", "PUT"), body: importBody, auth: fc.boolean() }).map(
  ({ method, body, auth }): FuzzRequest => ({ method, path: "/api/import", headers: body.contentType ? { "content-type": body.contentType } : {}, body: body.body, auth }),
);

const avatarRequest = fc.record({
  method: fc.constantFrom("PUT", "PUT", "GET", "DELETE", "POST"),
  path: fc.oneof(fc.uuid(), anyString, nasty).map((id) => `/api/sidekiqs/${pct(id)}/avatar`),
  headers: fc.constant({}),
  body: fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.constant(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])), anyString),
  auth: fc.boolean(),
});

const anyRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: chatRequest },
      { weight: 1, arbitrary: resumeRequest },
      { weight: 3, arbitrary: authRequest },
      { weight: 3, arbitrary: trpcRequest },
      { weight: 1, arbitrary: importRequest },
      { weight: 1, arbitrary: avatarRequest },
    ),
    // Mostly from the app's own pages; some from another site, a sandboxed frame, or no browser.
    fc.constantFrom("self", "self", "self", "self", "self", "evil", "null", "none"),
  )
  .map(([r, origin]) => ({ ...r, origin: origin as FuzzRequest["origin"] }));

function originHeader(base: string, origin: FuzzRequest["origin"]): Record<string, string> {
  if (origin === "none") return {};
  return { origin: origin === "evil" ? "https://evil.example" : origin === "null" ? "null" : base };
}

async function send(base: string, user: HttpUser, r: FuzzRequest): Promise<number> {
  const withBody = r.method !== "GET" && r.method !== "HEAD";
  const res = await fetch(base + r.path, {
    method: r.method,
    headers: { ...originHeader(base, r.origin), ...r.headers, ...(r.auth ? { cookie: user.cookie } : {}) },
    body: withBody ? (r.body as BodyInit | undefined) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  // A request that happened to be valid streams a short reply: read it to the end.
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

describe("fuzz (built server)", () => {
  it(`answers ${RUNS} malformed requests (seed ${SEED}) without a single 5xx, and stays healthy`, async () => {
    // Several users, because the fuzz may sign one out or delete it.
    const users = await Promise.all([1, 2, 3, 4].map((i) => t.client.signUp(`Fuzz${i}`)));
    const requests = fc.sample(anyRequest, { seed: SEED, numRuns: RUNS });
    const pid = t.app.pid;
    const health = probe(t.app.url, "/api/health", { everyMs: 250 });
    const failures: { status: number; request: FuzzRequest }[] = [];
    const statuses = new Map<number, number>();
    // Four at a time: a browser's worth of concurrency, without starving the fake and the server.
    let next = 0;
    await Promise.all(
      users.map(async (user) => {
        while (next < requests.length) {
          const r = requests[next++]!;
          const status = await send(t.app.url, user, r).catch((error: Error) => (error.name === "TimeoutError" ? 599 : 598));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) failures.push({ status, request: { ...r, body: typeof r.body === "string" ? r.body.slice(0, 300) : r.body } });
        }
      }),
    );
    const probes = await health.stop();
    console.log(`fuzz seed ${SEED}: ${requests.length} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; health ${probes.count} probes, ${probes.failures} failed, p95 ${probes.p95.toFixed(0)} ms`);
    expect(failures.slice(0, 10), `${failures.length} requests answered 5xx`).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(10_000);
    // The same process, never restarted, and it answered its health probe throughout.
    expect(t.app.child.exitCode).toBeNull();
    expect(t.app.pid).toBe(pid);
    expect(probes.failures).toBe(0);

    expect((await fetch(`${t.app.url}/api/health`)).status).toBe(200);
    // And it still chats.
    const fresh = await t.client.signUp("After");
    const res = await t.client.chat(fresh, chatBody("still there? #tokens:3"));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"type":"finish"');
  }, 480_000);
});
