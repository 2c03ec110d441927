// Two instances of the built app on one PostgreSQL and one Redis: a session ended on one of them
// stops working on the other within a second, though the other had just verified (and cached) it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisServer } from "../faults/helpers/cluster";
import { type AppServer, freePort, startAppServer } from "../support/app-server";
import { type FakeLlm, startFakeLlm } from "../support/fake-llm";
import { AppClient, type HttpUser } from "../support/http-client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { dbKind } from "../http/helpers/app";

describe.runIf(dbKind === "postgres")("sessions across instances (built server, PostgreSQL + Redis)", () => {
  let fake: FakeLlm;
  let database: TestDatabase;
  let redis: RedisServer;
  let a: AppServer;
  let b: AppServer;
  beforeAll(async () => {
    fake = await startFakeLlm();
    database = await createTestDatabase("sidekiq_sessions");
    redis = new RedisServer(await freePort());
    await redis.start();
    const env = { AUTH_RATE_LIMIT_DISABLED: "1", REDIS_URL: redis.url };
    a = await startAppServer({ databaseUrl: database.url, fakeLlmUrl: fake.url, env });
    b = await startAppServer({ databaseUrl: database.url, fakeLlmUrl: fake.url, env });
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await database?.drop();
    await fake?.close();
  }, 60_000);

  /** How long after `end` a request on `app` with `user`'s cookie is refused. */
  async function refusedWithin(app: AppServer, user: HttpUser, end: () => Promise<unknown>): Promise<number> {
    const client = new AppClient(app.url);
    const ask = async () => (await client.query({ ...user }, "threads.list", {})).status;
    expect(await ask()).toBe(200);
    const t0 = performance.now();
    await end();
    for (;;) {
      const status = await ask();
      if (status === 401) return performance.now() - t0;
      expect(status).toBe(200);
      if (performance.now() - t0 > 5_000) throw new Error("still signed in on the other instance after 5 s");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it("a revoke, sign out everywhere or a password change on one instance ends the session on the other within 1 s", async () => {
    const onA = new AppClient(a.url);
    const signInOn = async (app: AppServer, u: HttpUser) => {
      const res = await fetch(`${app.url}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: app.url }, body: JSON.stringify({ email: u.email, password: u.password }) });
      expect(res.status).toBe(200);
      return { ...u, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
    };

    const ada = await onA.signUp("Ada");
    const adaOnB = await signInOn(b, ada);
    const list = (await (await fetch(`${a.url}/api/auth/list-sessions`, { headers: { cookie: ada.cookie } })).json()) as { token: string }[];
    const other = list.find((s) => !ada.cookie.includes(s.token))!;
    const revoke = await refusedWithin(b, adaOnB, () => onA.auth(ada, "revoke-session", { token: other.token }));

    const bo = await onA.signUp("Bo");
    const boOnB = await signInOn(b, bo);
    const everywhere = await refusedWithin(b, boOnB, () => onA.auth(bo, "revoke-sessions", {}));

    const cy = await onA.signUp("Cy");
    const cyOnB = await signInOn(b, cy);
    const password = await refusedWithin(b, cyOnB, () => onA.auth(cy, "change-password", { currentPassword: cy.password, newPassword: "another fine password", revokeOtherSessions: true }));

    console.log(`refused on the other instance after: revoke ${revoke.toFixed(0)} ms, sign out everywhere ${everywhere.toFixed(0)} ms, password change ${password.toFixed(0)} ms`);
    for (const ms of [revoke, everywhere, password]) expect(ms).toBeLessThan(1_000);
  });
});
