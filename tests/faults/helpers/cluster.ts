/**
 * What a fault case runs against: the built app on PostgreSQL (one or more instances on the same
 * database), a Redis of its own that a case may stop and start, and the fake LLM in this process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { type AppServer, freePort, startAppServer } from "../../support/app-server";
import { type FakeLlm, startFakeLlm } from "../../support/fake-llm";
import { AppClient, chatBody, type HttpUser } from "../../support/http-client";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { waitFor } from "../../support/ui-stream";

export const LEASE_MS = 3_000;

/** A redis-server of the suite's own, on a port of its own, so a case can stop it. */
export class RedisServer {
  private child?: ChildProcess;
  readonly port: number;
  constructor(port: number) {
    this.port = port;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    this.child = child;
    // A run that ends without its teardown (a killed worker) must not leave a redis-server behind.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    child.once("exit", () => process.off("exit", killOnExit));
    await waitFor(async () => {
      const { Socket } = await import("node:net");
      return new Promise<boolean>((resolve) => {
        const s = new Socket();
        s.once("connect", () => (s.destroy(), resolve(true)));
        s.once("error", () => resolve(false));
        s.connect(this.port, "127.0.0.1");
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
}

export type InstanceOptions = { env?: Record<string, string | undefined>; redis?: boolean };

export class Cluster {
  fake!: FakeLlm;
  database!: TestDatabase;
  sql!: postgres.Sql;
  redis!: RedisServer;
  readonly instances: AppServer[] = [];
  /** Every user message the app acknowledged (a 200), for the invariant checker. */
  readonly acknowledged: { threadId: string; clientMessageId: string }[] = [];

  async setUp(): Promise<void> {
    this.fake = await startFakeLlm();
    this.database = await createTestDatabase("sidekiq_faults");
    this.sql = postgres(this.database.url, { max: 2, onnotice: () => {} });
    this.redis = new RedisServer(await freePort());
    await this.redis.start();
  }

  async tearDown(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop("SIGKILL")));
    await this.redis?.stop();
    await this.sql?.end({ timeout: 1 });
    await this.database?.drop();
    await this.fake?.close();
  }

  /** Stops every instance (SIGKILL: cases that care about shutdown send their own signal first). */
  async reset(): Promise<void> {
    await Promise.all(this.instances.splice(0).map((i) => i.stop("SIGKILL")));
    this.fake.reset();
    this.acknowledged.length = 0;
    await this.redis.start().catch(() => undefined);
  }

  async start({ env, redis = true }: InstanceOptions = {}): Promise<AppServer & { client: AppClient }> {
    const app = await startAppServer({
      databaseUrl: this.database.url,
      fakeLlmUrl: this.fake.url,
      env: {
        AUTH_RATE_LIMIT_DISABLED: "1",
        CHAT_RATE_LIMIT_PER_MINUTE: "0",
        CHAT_STREAM_LEASE_MS: String(LEASE_MS),
        CHAT_CHECKPOINT_MS: "250",
        CHAT_FIRST_CHUNK_TIMEOUT_MS: "2000",
        CHAT_CHUNK_TIMEOUT_MS: "2000",
        CHAT_DRAIN_MS: "3000",
        REDIS_URL: redis ? this.redis.url : "",
        ...env,
      },
    });
    this.instances.push(app);
    return Object.assign(app, { client: new AppClient(app.url) });
  }

  /** POST /api/chat; a 200 counts as an acknowledged user message. */
  async send(client: AppClient, user: HttpUser, body: ReturnType<typeof chatBody>): Promise<Response> {
    const res = await client.chat(user, body);
    if (res.status === 200) this.acknowledged.push({ threadId: body.threadId, clientMessageId: body.message.id });
    return res;
  }
}

/** A message text the fake's log and the database can both be matched on. */
export const turnText = (directives: string) => `turn ${randomUUID().slice(0, 8)} ${directives}`;
