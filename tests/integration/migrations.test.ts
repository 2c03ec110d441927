import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { PGLITE_EXTENSIONS } from "@/server/db/client";
import { MIGRATIONS_FOLDER, runMigrations, type MigrationTarget } from "@/server/db/migrate";

const adminUrl = process.env.TEST_DATABASE_URL;
const MIGRATION_COUNT = (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
const onPostgres = process.env.TEST_DB_KIND === "postgres";

/** A fresh, empty database of this run's kind. */
async function freshTarget(): Promise<{ target: MigrationTarget; query: (q: string) => Promise<unknown[]>; done: () => Promise<void> }> {
  if (!onPostgres) {
    const client = new PGlite({ extensions: PGLITE_EXTENSIONS });
    return { target: { kind: "pglite", client }, query: async (q) => (await client.query(q)).rows, done: () => client.close() };
  }
  const name = `sidekiq_mig_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    target: { kind: "postgres", url: url.toString() },
    query: (q) => sql.unsafe(q),
    done: async () => {
      await sql.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh database with the migrations before the one whose tag ends with `suffix`, and only those. */
async function migratedBefore(suffix: string): Promise<Awaited<ReturnType<typeof freshTarget>>> {
  const folder = mkdtempSync(path.join(tmpdir(), "sidekiq-mig-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag.endsWith(suffix));
  expect(upTo).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  const db = await freshTarget();
  try {
    await runMigrations(db.target, folder);
  } catch (error) {
    await db.done();
    throw error;
  }
  return db;
}

describe("migrations", () => {
  it("create every table and apply once however often they run", async () => {
    const db = await freshTarget();
    try {
      await runMigrations(db.target);
      await runMigrations(db.target);
      const tables = (await db.query(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      )) as { table_name: string }[];
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(["account", "messages", "session", "threads", "user", "verification"]),
      );
      const applied = (await db.query("select count(*)::int as n from drizzle.__drizzle_migrations")) as { n: number }[];
      expect(applied[0]!.n).toBe(MIGRATION_COUNT);
    } finally {
      await db.done();
    }
  });

  it.runIf(onPostgres)("serialize instances that boot at once with an advisory lock", async () => {
    const db = await freshTarget();
    try {
      await Promise.all([runMigrations(db.target), runMigrations(db.target), runMigrations(db.target)]);
      const applied = (await db.query("select count(*)::int as n from drizzle.__drizzle_migrations")) as { n: number }[];
      expect(applied[0]!.n).toBe(MIGRATION_COUNT);
    } finally {
      await db.done();
    }
  });

  it("give the messages of a database made before depth was kept their depth in the tree", async () => {
    // The migrations up to the one before depth, a branched thread, then the rest.
    const db = await migratedBefore("_context_window");
    try {
      await db.query(`insert into "user" (id, name, email, email_verified, created_at, updated_at) values ('u', 'U', 'u@example.com', true, now(), now())`);
      await db.query(`insert into threads (id, user_id, message_count) values ('t', 'u', 5)`);
      // a -> b -> c, and b -> d -> e (a branch at b).
      await db.query(`insert into messages (id, thread_id, parent_message_id, role, parts) values
        ('a', 't', null, 'user', '[]'), ('b', 't', 'a', 'assistant', '[]'), ('c', 't', 'b', 'user', '[]'), ('d', 't', 'b', 'user', '[]'), ('e', 't', 'd', 'assistant', '[]')`);
      await runMigrations(db.target);
      const rows = (await db.query("select id, depth from messages order by id")) as { id: string; depth: number }[];
      expect(rows.map((r) => [r.id, Number(r.depth)])).toEqual([["a", 0], ["b", 1], ["c", 2], ["d", 2], ["e", 3]]);
    } finally {
      await db.done();
    }
  });

  it("give the messages of a database made before they kept their ancestors' tokens those tokens, and the trigger the new ones", async () => {
    const db = await migratedBefore("_history_prefix_tokens");
    try {
      await db.query(`insert into "user" (id, name, email, email_verified, created_at, updated_at) values ('u', 'U', 'u@example.com', true, now(), now())`);
      await db.query(`insert into threads (id, user_id, message_count) values ('t', 'u', 5)`);
      // a -> b -> c, and b -> d (a branch at b); 'é' is 2 bytes: a token is 3 bytes, rounded up, and 4 more a message.
      await db.query(`insert into messages (id, thread_id, parent_message_id, role, parts, text) values
        ('a', 't', null, 'user', '[]', 'abcdefg'), ('b', 't', 'a', 'assistant', '[]', 'é'), ('c', 't', 'b', 'user', '[]', 'x'), ('d', 't', 'b', 'user', '[]', 'yy')`);
      await runMigrations(db.target);
      // Written after the migration, in one statement with its parent: the trigger reads the row before it.
      await db.query(`insert into messages (id, thread_id, parent_message_id, role, parts, text) values
        ('e', 't', 'd', 'assistant', '[]', '${"z".repeat(30)}'), ('f', 't', 'e', 'user', '[]', 'w'), ('g', 't', null, 'user', '[]', 'root')`);
      const rows = (await db.query("select id, prefix_tokens from messages order by id")) as { id: string; prefix_tokens: number }[];
      // a: 7 bytes = 3 + 4 = 7 tokens; b: 1 + 4 = 5; d: 1 + 4 = 5; e: 10 + 4 = 14.
      expect(rows.map((r) => [r.id, Number(r.prefix_tokens)])).toEqual([["a", 0], ["b", 7], ["c", 12], ["d", 12], ["e", 17], ["f", 31], ["g", 0]]);
    } finally {
      await db.done();
    }
  });

  it("fail loudly on a broken migration", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "sidekiq-mig-"));
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    mkdirSync(path.join(folder, "meta"), { recursive: true });
    const journal = JSON.parse(
      (await import("node:fs")).readFileSync(path.join(folder, "meta", "_journal.json"), "utf8"),
    ) as { entries: { idx: number; when: number; tag: string; breakpoints: boolean; version: string }[] };
    const last = journal.entries.at(-1)!;
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: "9999_broken" });
    writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
    writeFileSync(path.join(folder, "9999_broken.sql"), "alter table no_such_table add column x int;");
    const db = await freshTarget();
    try {
      await expect(runMigrations(db.target, folder)).rejects.toThrow();
    } finally {
      await db.done();
    }
  });
});
