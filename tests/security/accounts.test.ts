// Accounts against the built server behind one trusted proxy (TRUSTED_PROXIES=1: each request's
// last X-Forwarded-For entry is its client): the per-account sign-in limit, Better Auth's field
// limits, quotas, the write limit, and sessions that end when they are ended.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, chatBody, type HttpUser } from "../support/http-client";
import { useApp } from "../http/helpers/app";

const t = useApp({
  env: {
    AUTH_RATE_LIMIT_DISABLED: "0",
    TRUSTED_PROXIES: "1",
    SIGN_IN_FAILURES_PER_ACCOUNT: "5",
    QUOTA_FOLDERS: "5",
    QUOTA_SIDEKIQS: "3",
    QUOTA_TEAMS: "2",
    QUOTA_SHARES: "2",
    WRITE_RATE_LIMIT_PER_MINUTE: "40",
  },
});

// Every request from an address of its own, as through a proxy: the per-address limits stay out of the way.
let n = 0;
const address = () => `198.51.100.${(++n % 250) + 1}`;
let client: AppClient;
beforeAll(() => {
  client = new AppClient(t.app.url, { headers: () => ({ "x-forwarded-for": address() }) });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${t.app.url}/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json", origin: t.app.url, "x-forwarded-for": address(), ...headers }, body: JSON.stringify(body) });

describe("sign-in limits (built server)", () => {
  it("stops guessing one account's password from many addresses after SIGN_IN_FAILURES_PER_ACCOUNT wrong ones, for that account only", async () => {
    const ada = await client.signUp("Ada");
    const wrong = () => post("sign-in/email", { email: ada.email, password: "not the password" });
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await wrong()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await wrong();
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(60);
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many wrong passwords for this account/);
    // Even the right password waits: the guesser can't tell.
    expect((await post("sign-in/email", { email: ada.email, password: ada.password })).status).toBe(429);
    // Another account signs in as usual.
    const bo = await client.signUp("Bo");
    expect((await post("sign-in/email", { email: bo.email, password: bo.password })).status).toBe(200);
  });

  it("resolves the client through the proxy: the forwarded address is the session's", async () => {
    const res = await post("sign-up/email", { email: `addr-${randomUUID().slice(0, 8)}@example.com`, password: "correct horse battery", name: "Addr" }, { "x-forwarded-for": "6.6.6.6, 192.0.2.55" });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const sessions = await fetch(`${t.app.url}/api/auth/list-sessions`, { headers: { cookie, "x-forwarded-for": address() } });
    expect(((await sessions.json()) as { ipAddress: string }[]).map((s) => s.ipAddress)).toEqual(["192.0.2.55"]);
  });
});

describe("field limits (built server)", () => {
  it("refuses a 200,000-character name (past the 64 KB body limit: 413) and one past 80 (400 naming the field); stores nothing", async () => {
    for (const [name, status] of [["x".repeat(200_000), 413], ["y".repeat(81), 400], ["z".repeat(60_000), 400]] as const) {
      const email = `long-${randomUUID().slice(0, 8)}@example.com`;
      const res = await post("sign-up/email", { email, password: "correct horse battery", name });
      expect(res.status).toBe(status);
      if (status === 400) expect(await res.json()).toMatchObject({ code: "FIELD_LIMIT", field: "name", message: "name is at most 80 characters." });
      expect((await post("sign-in/email", { email, password: "correct horse battery" })).status).toBe(401);
    }
  });

  it("answers update-user with a null or oversized name, or an image that is no https URL, with a 400 (null was a 500)", async () => {
    const ada = await client.signUp("Ada");
    for (const [body, field] of [
      [{ name: null }, "name"],
      [{ name: "z".repeat(81) }, "name"],
      [{ image: "javascript:alert(1)" }, "image"],
      [{ image: `https://example.com/${"i".repeat(2000)}` }, "image"],
    ] as const) {
      const res = await client.auth<{ field?: string }>(ada, "update-user", body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.data.field).toBe(field);
    }
    expect((await client.auth(ada, "update-user", { name: "Ada Lovelace" })).status).toBe(200);
  });

  it("refuses a team name, slug or metadata past its limit, on create and update", async () => {
    const ada = await client.signUp("Ada");
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "t".repeat(20_000), slug: `s-${Date.now()}` }, "name"],
      [{ name: "Team", slug: "s".repeat(20_000) }, "slug"],
      [{ name: "Team", slug: `m-${Date.now()}`, metadata: { blob: "m".repeat(3_000) } }, "metadata"],
    ];
    for (const [body, field] of cases) {
      const res = await client.auth<{ field?: string }>(ada, "organization/create", body);
      expect(res.status).toBe(400);
      expect(res.data.field).toBe(field);
    }
    // 500 KB of metadata is past the body limit before it is past the field's.
    expect((await client.auth(ada, "organization/create", { name: "Team", slug: `b-${Date.now()}`, metadata: { blob: "m".repeat(500_000) } })).status).toBe(413);
    expect((await client.query<{ teams: unknown[] }>(ada, "teams.list", {})).data?.teams).toEqual([]);
    const team = await client.auth<{ id: string }>(ada, "organization/create", { name: "Fine", slug: `fine-${Date.now()}` });
    expect(team.status).toBe(200);
    const update = await client.auth<{ field?: string }>(ada, "organization/update", { organizationId: team.data.id, data: { name: "n".repeat(81) } });
    expect([update.status, update.data.field]).toEqual([400, "name"]);
  });
});

describe("quotas and the write limit (built server)", () => {
  const quotaError = (r: { status: number; error?: { message: string; data: { appCode?: string } } }) => [r.status, r.error?.data.appCode, r.error?.message];

  it("stops folders, Sidekiqs and shares at their quota with a 403 that names it", async () => {
    const ada = await client.signUp("Ada");
    for (let i = 0; i < 5; i++) expect((await client.mutate(ada, "folders.create", { name: `F${i}` })).status).toBe(200);
    expect(quotaError(await client.mutate(ada, "folders.create", { name: "F5" }))).toEqual([403, "QUOTA_EXCEEDED", "You can have at most 5 folders. Delete some to make room."]);
    for (let i = 0; i < 3; i++) expect((await client.mutate(ada, "sidekiqs.create", { name: `K${i}`, description: "" })).status).toBe(200);
    expect(quotaError(await client.mutate(ada, "sidekiqs.create", { name: "K3", description: "" }))).toEqual([403, "QUOTA_EXCEEDED", "You can have at most 3 Sidekiqs. Delete some to make room."]);
    const body = chatBody("share me #tokens:2");
    await (await client.chat(ada, body)).text();
    for (let i = 0; i < 2; i++) expect((await client.mutate(ada, "shares.create", { threadId: body.threadId })).status).toBe(200);
    expect(quotaError(await client.mutate(ada, "shares.create", { threadId: body.threadId }))).toEqual([403, "QUOTA_EXCEEDED", "You can have at most 2 share links. Delete some to make room."]);
    // Deleting one makes room.
    const folders = (await client.query<{ id: string }[]>(ada, "folders.list", {})).data!;
    await client.mutate(ada, "folders.delete", { folderId: folders[0]!.id });
    expect((await client.mutate(ada, "folders.create", { name: "Again" })).status).toBe(200);
  });

  it("holds the folder quota when many creates arrive at once", async () => {
    const ada = await client.signUp("Ada");
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.mutate(ada, "folders.create", { name: `At once ${i}` })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect((await client.query<unknown[]>(ada, "folders.list", {})).data).toHaveLength(5);
  });

  it("stops teams of one's own at QUOTA_TEAMS", async () => {
    const ada = await client.signUp("Ada");
    for (let i = 0; i < 2; i++) expect((await client.auth(ada, "organization/create", { name: `Team ${i}`, slug: `q-${i}-${randomUUID().slice(0, 8)}` })).status).toBe(200);
    const third = await client.auth<{ message: string; code: string }>(ada, "organization/create", { name: "Team 3", slug: `q-3-${randomUUID().slice(0, 8)}` });
    expect([third.status, third.data.code, third.data.message]).toEqual([403, "QUOTA_EXCEEDED", "You can have at most 2 teams of your own. Delete some to make room."]);
  });

  it("limits tRPC mutations per user per minute (429), and never queries", async () => {
    const ada = await client.signUp("Ada");
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await client.mutate(ada, "threads.pin", { threadId: randomUUID(), pinned: true })).status);
    expect(statuses.slice(0, 40).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(40)).toEqual([429, 429, 429, 429, 429]);
    const limited = await client.mutate(ada, "folders.create", { name: "late" });
    expect(limited.error?.message).toMatch(/making changes too quickly/);
    expect((await client.query(ada, "threads.list", {})).status).toBe(200);
    // Another user has their own count.
    const bo = await client.signUp("Bo");
    expect((await client.mutate(bo, "folders.create", { name: "mine" })).status).toBe(200);
  });
});

describe("sessions (built server)", () => {
  async function secondDevice(user: HttpUser): Promise<HttpUser> {
    const res = await post("sign-in/email", { email: user.email, password: user.password }, { "user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1" });
    expect(res.status).toBe(200);
    return { ...user, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
  }
  const works = async (u: HttpUser) => (await client.query(u, "threads.list", {})).status;

  it("a revoked session stops working at once, though it was just used (and cached)", async () => {
    const ada = await client.signUp("Ada");
    const phone = await secondDevice(ada);
    expect(await works(phone)).toBe(200);
    const sessions = await fetch(`${t.app.url}/api/auth/list-sessions`, { headers: { cookie: ada.cookie } });
    const list = (await sessions.json()) as { token: string; userAgent: string }[];
    expect(list).toHaveLength(2);
    const phoneToken = list.find((s) => /iPhone/.test(s.userAgent))!.token;
    expect((await client.auth(ada, "revoke-session", { token: phoneToken })).status).toBe(200);
    expect(await works(phone)).toBe(401);
    expect((await client.chat(phone, chatBody("still me? #tokens:1"))).status).toBe(401);
    expect(await works(ada)).toBe(200);
  });

  it("sign-out, sign out everywhere and a password change end sessions at once", async () => {
    const ada = await client.signUp("Ada");
    const copy = { ...ada };
    expect(await works(copy)).toBe(200);
    // A copy of the cookie, kept by someone, stops working when its owner signs out.
    expect((await client.auth(ada, "sign-out", {})).status).toBe(200);
    expect(await works(copy)).toBe(401);

    const bo = await client.signUp("Bo");
    const boPhone = await secondDevice(bo);
    expect(await works(boPhone)).toBe(200);
    expect((await client.auth(bo, "revoke-sessions", {})).status).toBe(200);
    expect([await works(bo), await works(boPhone)]).toEqual([401, 401]);

    const cy = await client.signUp("Cy");
    const cyPhone = await secondDevice(cy);
    expect(await works(cyPhone)).toBe(200);
    const changed = await client.auth(cy, "change-password", { currentPassword: cy.password, newPassword: "a brand new password", revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    expect(await works(cyPhone)).toBe(401);
    expect(await works(cy)).toBe(200);
  });
});
