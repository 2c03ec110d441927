// Runs inside each integration test file before it imports the app: a fake LLM on loopback, a
// fresh migrated database (in-memory PGlite, or a new PostgreSQL database), and the env to match.
import { sql } from "drizzle-orm";
import { afterAll, afterEach } from "vitest";
import { type FakeLlm, startFakeLlm } from "../../support/fake-llm";
import { createTestDatabase } from "../../support/test-database";
import { checkTreeInvariants } from "../../support/tree-invariants";

const kind = process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";
const fake = await startFakeLlm();
(globalThis as { __fakeLlm?: FakeLlm }).__fakeLlm = fake;

process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
process.env.DEFAULT_MODEL = "openai-compatible:fake-model";
process.env.BETTER_AUTH_SECRET = "integration-tests-secret-0123456789abcdef";
process.env.CHAT_FIRST_CHUNK_TIMEOUT_MS = "1500";
process.env.CHAT_CHUNK_TIMEOUT_MS = "1500";
// Low enough for a test to reach; no other test sends this many messages as one user.
process.env.CHAT_RATE_LIMIT_PER_MINUTE = "20";

let dropDatabase: (() => Promise<void>) | undefined;
if (kind === "postgres") {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  dropDatabase = database.drop;
} else {
  delete process.env.DATABASE_URL;
  process.env.SIDEKIQ_DATA_DIR = "memory://";
}

const { getDbHandle } = await import("@/server/db/client");
const { runMigrations } = await import("@/server/db/migrate");
const handle = getDbHandle();
await runMigrations(handle.kind === "pglite" ? { kind: "pglite", client: handle.client } : { kind: "postgres", url: process.env.DATABASE_URL! });

// The tree's rules hold after every test, whatever it did (replies still streaming included).
const { rowsOf } = await import("@/server/db/raw");
const { getDb } = await import("@/server/db/client");
afterEach(() => checkTreeInvariants((q) => rowsOf(getDb(), sql.raw(q))));

afterAll(async () => {
  await handle.close();
  await dropDatabase?.();
  await fake.close();
});
