// The fault suite: the built app on PostgreSQL (and its own Redis), the fake LLM, and after every
// case the invariant checker. `npm run test:faults -- --repeat 20` runs it 20 times in a row;
// the cases marked [quick] also run in `npm test`.
import { readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../support/app-server";
import { AppClient, chatBody, type HttpUser } from "../support/http-client";
import { startTcpProxy } from "../support/tcp-proxy";
import { createTestDatabase } from "../support/test-database";
import { follow, readChunks, textOf, waitFor } from "../support/ui-stream";
import { Cluster, LEASE_MS, turnText } from "./helpers/cluster";
import { checkInvariants } from "./helpers/invariants";
import { messageText } from "@/lib/chat/message";

const c = new Cluster();
beforeAll(() => c.setUp(), 60_000);
afterAll(() => c.tearDown(), 60_000);
afterEach(() => c.reset(), 60_000);

type Row = { status: string; text: string };

/** The thread's last message as the page has it: its status, and the text of its parts. */
async function replyOf(user: HttpUser, client: AppClient, threadId: string, { settled = true } = {}): Promise<Row> {
  return waitFor(
    async () => {
      const { data } = await client.query<{ items: { status: string; parts: { type: string; text?: string }[] }[] }>(user, "messages.list", { threadId });
      const reply = data?.items.at(-1);
      return reply && (!settled || reply.status !== "streaming") ? { status: reply.status, text: messageText(reply.parts) } : undefined;
    },
    { timeoutMs: LEASE_MS * 6, intervalMs: 100 },
  );
}

const sentFor = (text: string) => c.fake.streams.find((s) => s.lastUser === text);

describe("faults (built app on PostgreSQL)", () => {
  it("[quick] a client that disconnects mid-reply: the reply is finished and saved", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:40 #delay:10"));
    await readChunks(await c.send(a.client, user, body), 4);
    const reply = await replyOf(user, a.client, body.threadId);
    expect(reply.status).toBe("complete");
    expect(reply.text).toBe(sentFor(body.message.parts[0]!.text)!.text);
    await checkInvariants(c);
  });

  it("a reload mid-reply resumes it: the text so far, then the rest, nothing missing or repeated", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:60 #delay:15"));
    const first = follow(await c.send(a.client, user, body));
    await first.textAtLeast(20);
    await first.cancel();
    const resumed = follow(await a.client.resume(user, body.threadId));
    await resumed.done;
    expect(resumed.text()).toBe(sentFor(body.message.parts[0]!.text)!.text);
    expect(resumed.status()).toBe("complete");
    // Nothing streams any more.
    expect((await a.client.resume(user, body.threadId)).status).toBe(204);
    await checkInvariants(c);
  });

  it("a second tab sees the same live reply", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:60 #delay:15"));
    const tab1 = follow(await c.send(a.client, user, body));
    await tab1.textAtLeast(10);
    const tab2 = follow(await a.client.resume(user, body.threadId));
    const tab3 = follow(await a.client.resume(user, body.threadId));
    await Promise.all([tab1.done, tab2.done, tab3.done]);
    const sent = sentFor(body.message.parts[0]!.text)!.text;
    expect([tab1.text(), tab2.text(), tab3.text()]).toEqual([sent, sent, sent]);
    await checkInvariants(c);
  });

  it("[quick] Stop from another tab stops the model and saves the partial reply as stopped", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:300 #delay:20"));
    const tab1 = follow(await c.send(a.client, user, body));
    await tab1.textAtLeast(20);
    const stop = await new AppClient(a.url).mutate<{ stopped: boolean }>(user, "chat.stop", { threadId: body.threadId });
    expect(stop.data).toEqual({ stopped: true });
    await tab1.done;
    expect(tab1.status()).toBe("stopped");
    const reply = await replyOf(user, a.client, body.threadId);
    expect(reply.status).toBe("stopped");
    expect(reply.text.length).toBeGreaterThan(0);
    expect(sentFor(body.message.parts[0]!.text)!.finished).toBe(false);
    // A stop with nothing streaming changes nothing.
    expect((await a.client.mutate(user, "chat.stop", { threadId: body.threadId })).data).toEqual({ stopped: false });
    await checkInvariants(c);
  });

  it("a provider error mid-stream: the partial reply is saved as error, and the reader sees it", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:20 #delay:5 #error-after:6"));
    const chunks = await readChunks(await c.send(a.client, user, body));
    expect(chunks.some((x) => x.type === "error")).toBe(true);
    const reply = await replyOf(user, a.client, body.threadId);
    expect(reply.status).toBe("error");
    expect(reply.text.trim().split(/\s+/)).toHaveLength(6);
    await checkInvariants(c);
  });

  it("a provider that stalls before its first token, and one that stalls mid-stream, time out as errors keeping what came", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const before = chatBody(turnText("#stall"));
    const during = chatBody(turnText("#tokens:20 #stall-after:5"));
    const [r1, r2] = await Promise.all([c.send(a.client, user, before), c.send(a.client, user, during)]);
    await Promise.all([readChunks(r1), readChunks(r2)]);
    expect(await replyOf(user, a.client, before.threadId)).toMatchObject({ status: "error", text: "" });
    const mid = await replyOf(user, a.client, during.threadId);
    expect(mid.status).toBe("error");
    expect(mid.text.trim().split(/\s+/)).toHaveLength(5);
    await checkInvariants(c);
  });

  it("[quick] SIGKILL mid-reply, then a restart: the checkpointed text is kept, the reply ends interrupted, and a resumer is told", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:400 #delay:10"));
    const reader = follow(await c.send(a.client, user, body));
    await reader.textAtLeast(200);
    await new Promise((r) => setTimeout(r, 600));
    await a.stop("SIGKILL");
    await reader.done.catch(() => undefined);
    const received = reader.text();
    const b = await c.start();
    // The row still says streaming until its lease ends; a resumer follows it to its end.
    const resumed = follow(await b.client.resume(user, body.threadId));
    await resumed.done;
    expect(resumed.status()).toBe("interrupted");
    const reply = await replyOf(user, b.client, body.threadId);
    expect(reply.status).toBe("interrupted");
    // At most about one checkpoint interval (250 ms here: ~25 tokens) of what the reader had is lost.
    expect(received.startsWith(reply.text) || reply.text.startsWith(received)).toBe(true);
    expect(received.length - reply.text.length).toBeLessThan(400);
    expect(reply.text.length).toBeGreaterThan(100);
    await checkInvariants(c, { died: true });
  });

  it("pg_terminate_backend of the app's connections mid-stream: the reply goes on and is saved", async () => {
    const a = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:80 #delay:15"));
    const reader = follow(await c.send(a.client, user, body));
    await reader.textAtLeast(20);
    await c.sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    await reader.done;
    expect(reader.text()).toBe(sentFor(body.message.parts[0]!.text)!.text);
    expect((await replyOf(user, a.client, body.threadId)).status).toBe("complete");
    // And the next message works on fresh connections.
    const next = chatBody(turnText("#tokens:3"), body.threadId);
    expect(textOf(await readChunks(await c.send(a.client, user, next)))).toContain("Sure.");
    await checkInvariants(c);
  });

  it("the database unreachable mid-stream: the reply goes on, new requests get 503, and it is saved once the database is back", async () => {
    const url = new URL(c.database.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const proxied = new URL(c.database.url);
    proxied.port = String(proxy.port);
    const a = await startAppServer({
      databaseUrl: proxied.toString(),
      fakeLlmUrl: c.fake.url,
      env: { AUTH_RATE_LIMIT_DISABLED: "1", CHAT_RATE_LIMIT_PER_MINUTE: "0", CHAT_STREAM_LEASE_MS: "30000", CHAT_CHECKPOINT_MS: "250", REDIS_URL: "" },
    });
    c.instances.push(a);
    try {
      const client = new AppClient(a.url);
      const user = await client.signUp();
      const body = chatBody(turnText("#tokens:150 #delay:10"));
      const reader = follow(await c.send(client, user, body));
      await reader.textAtLeast(20);
      await proxy.cut();
      const refused = await client.chat(user, chatBody(turnText("#tokens:2")));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBeTruthy();
      await reader.done;
      expect(reader.text()).toBe(sentFor(body.message.parts[0]!.text)!.text);
      await new Promise((r) => setTimeout(r, 500));
      await proxy.restore();
      const reply = await replyOf(user, client, body.threadId);
      expect(reply).toMatchObject({ status: "complete", text: reader.text() });
      await checkInvariants(c);
    } finally {
      await proxy.close();
    }
  });

  it("Redis stopped before a stream: chat, resume through another instance and Stop still work", async () => {
    await c.redis.stop();
    const a = await c.start();
    const b = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:200 #delay:15"));
    const tab1 = follow(await c.send(a.client, user, body));
    await tab1.textAtLeast(20);
    const onB = follow(await b.client.resume(user, body.threadId));
    await onB.textAtLeast(40);
    expect((await b.client.mutate(user, "chat.stop", { threadId: body.threadId })).data).toEqual({ stopped: true });
    await Promise.all([tab1.done, onB.done]);
    expect(tab1.status()).toBe("stopped");
    expect(onB.status()).toBe("stopped");
    const reply = await replyOf(user, a.client, body.threadId);
    expect(reply.status).toBe("stopped");
    expect(onB.text()).toBe(reply.text);
    await checkInvariants(c);
  });

  it("Redis stopped during a stream: the reply is saved, a resumer elsewhere gets all of it, and Redis is used again once back", async () => {
    const env = { CHAT_CHECKPOINT_MS: "3000" };
    const a = await c.start({ env });
    const b = await c.start({ env });
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:150 #delay:15"));
    const tab1 = follow(await c.send(a.client, user, body));
    await tab1.textAtLeast(20);
    const onB = follow(await b.client.resume(user, body.threadId));
    await onB.textAtLeast(40);
    await c.redis.stop();
    await Promise.all([tab1.done, onB.done]);
    const sent = sentFor(body.message.parts[0]!.text)!.text;
    expect(tab1.text()).toBe(sent);
    expect(onB.text()).toBe(sent);
    expect(onB.status()).toBe("complete");
    // Back without a restart: a Stop through B reaches A at once (its checkpoints are 3 s apart).
    await c.redis.start();
    await new Promise((r) => setTimeout(r, 2_500));
    const next = chatBody(turnText("#tokens:300 #delay:20"));
    const tab2 = follow(await c.send(a.client, user, next));
    await tab2.textAtLeast(20);
    const asked = Date.now();
    await b.client.mutate(user, "chat.stop", { threadId: next.threadId });
    await tab2.done;
    expect(Date.now() - asked).toBeLessThan(1_500);
    expect(tab2.status()).toBe("stopped");
    await checkInvariants(c);
  });

  it("[quick] a double submit to two instances is one turn and one model call", async () => {
    const a = await c.start();
    const b = await c.start();
    const user = await a.client.signUp();
    const body = chatBody(turnText("#tokens:30 #delay:10"));
    const [ra, rb] = await Promise.all([c.send(a.client, user, body), c.send(b.client, user, body)]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    await Promise.all([ra, rb].map((r) => (r.status === 200 ? readChunks(r) : r.text())));
    expect(c.fake.streams.filter((s) => s.lastUser === body.message.parts[0]!.text)).toHaveLength(1);
    await checkInvariants(c);
  });

  it("two instances booting at the same moment on an empty database apply the migrations once and both serve", async () => {
    const database = await createTestDatabase("sidekiq_boot");
    try {
      const [a, b] = await Promise.all([0, 1].map(() => startAppServer({ databaseUrl: database.url, fakeLlmUrl: c.fake.url, env: { AUTH_RATE_LIMIT_DISABLED: "1" } })));
      c.instances.push(a!, b!);
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      const [row] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const journal = JSON.parse(readFileSync(path.resolve("drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] };
      expect(row!.n).toBe(journal.entries.length);
      await sql.end();
      for (const app of [a!, b!]) {
        const client = new AppClient(app.url);
        const user = await client.signUp();
        expect((await readChunks(await client.chat(user, chatBody("hello #tokens:2")))).some((x) => x.type === "finish")).toBe(true);
      }
    } finally {
      await Promise.all(c.instances.splice(0).map((i: AppServer) => i.stop("SIGKILL")));
      await database.drop();
    }
  });

  it("[quick] resume and Stop through instance B of a reply streaming on A", async () => {
    const env = { CHAT_CHECKPOINT_MS: "5000" };
    const a = await c.start({ env });
    const b = await c.start({ env });
    const user = await a.client.signUp();
    const first = chatBody(turnText("#tokens:60 #delay:15"));
    const tab1 = follow(await c.send(a.client, user, first));
    await tab1.textAtLeast(20);
    const onB = follow(await b.client.resume(user, first.threadId));
    await Promise.all([tab1.done, onB.done]);
    expect(onB.text()).toBe(tab1.text());
    expect(onB.status()).toBe("complete");

    const second = chatBody(turnText("#tokens:300 #delay:20"));
    const tab2 = follow(await c.send(a.client, user, second));
    await tab2.textAtLeast(20);
    const asked = Date.now();
    expect((await b.client.mutate(user, "chat.stop", { threadId: second.threadId })).data).toEqual({ stopped: true });
    await tab2.done;
    // Through Redis, not the next checkpoint (5 s away).
    expect(Date.now() - asked).toBeLessThan(1_500);
    expect((await replyOf(user, a.client, second.threadId)).status).toBe("stopped");
    await checkInvariants(c);
  });

  it("the chat rate limit is shared by two instances", async () => {
    const env = { CHAT_RATE_LIMIT_PER_MINUTE: "4" };
    const a = await c.start({ env });
    const b = await c.start({ env });
    const user = await a.client.signUp();
    for (const client of [a.client, b.client, a.client, b.client]) {
      const res = await c.send(client, user, chatBody(turnText("#tokens:1")));
      expect(res.status).toBe(200);
      await readChunks(res);
    }
    for (const client of [a.client, b.client]) {
      const res = await client.chat(user, chatBody(turnText("#tokens:1")));
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    await checkInvariants(c);
  });

  it("Better Auth's rate limit is shared by two instances", async () => {
    const env = { AUTH_RATE_LIMIT_DISABLED: "0" };
    const a = await c.start({ env });
    const b = await c.start({ env });
    // Its rule for sign-in: 3 attempts per 10 s from one address.
    const attempt = (app: AppServer) =>
      fetch(`${app.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.url },
        body: JSON.stringify({ email: "nobody@example.com", password: "wrong password 123" }),
      }).then((r) => r.status);
    const statuses = [await attempt(a), await attempt(b), await attempt(a), await attempt(b)];
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
  });

  it("SIGTERM during 20 live replies: no new ones, the short ones finish, the rest are saved as interrupted, and the process exits", async () => {
    const a = await c.start({ env: { CHAT_DRAIN_MS: "2000" } });
    const user = await a.client.signUp();
    const short = Array.from({ length: 10 }, () => chatBody(turnText("#tokens:50 #delay:20")));
    const long = Array.from({ length: 10 }, () => chatBody(turnText("#tokens:500 #delay:20")));
    const readers = await Promise.all([...short, ...long].map(async (body) => follow(await c.send(a.client, user, body))));
    await Promise.all(readers.map((r) => r.textAtLeast(5)));
    const signalled = Date.now();
    a.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 200));
    const late = await a.client.chat(user, chatBody(turnText("#tokens:2"))).catch(() => undefined);
    if (late) expect(late.status).toBe(503);
    await Promise.all(readers.map((r) => r.done.catch(() => undefined)));
    const exit = await a.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(12_000);
    const b = await c.start();
    for (const body of short) expect((await replyOf(user, b.client, body.threadId)).status).toBe("complete");
    for (const body of long) {
      const reply = await replyOf(user, b.client, body.threadId);
      expect(reply.status).toBe("interrupted");
      expect(reply.text.length).toBeGreaterThan(0);
    }
    await checkInvariants(c);
  });
});
