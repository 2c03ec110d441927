import "server-only";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/env";
import { secureDataDir } from "./data-dir";
import * as schema from "./schema";

export type Schema = typeof schema;
/** What both drivers satisfy. Query modules take this, never a driver-specific type. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbHandle =
  | { kind: "pglite"; db: Db; client: PGlite; location: string; close: () => Promise<void>; tightenedFiles?: number; newDatabase?: boolean }
  | { kind: "postgres"; db: Db; client: postgres.Sql; location: string; close: () => Promise<void> };

/** What the schema needs beyond core PostgreSQL (trigram indexes for search); every PGlite that opens the data must load them. */
export const PGLITE_EXTENSIONS = { pg_trgm };

export type CreateDbOptions = { databaseUrl?: string; dataDir: string; poolSize?: number };

export function createDb({ databaseUrl, dataDir, poolSize = 10 }: CreateDbOptions): DbHandle {
  if (databaseUrl) {
    const client = postgres(databaseUrl, { max: poolSize, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { kind: "postgres", db, client, location: redactUrl(databaseUrl), close: () => client.end({ timeout: 5 }) };
  }
  // Made (or tightened to) 0700 with 0600 files, and the umask set so PGlite's new files are too.
  const { tightened: tightenedFiles, newDatabase } = dataDir === "memory://" ? { tightened: 0, newDatabase: false } : secureDataDir(dataDir);
  // PGlite's shared_buffers live in the process's own memory and are never given back, unlike the
  // kernel's page cache, which serves PGlite's reads of its data folder for free. 8 MB instead of
  // the default 128 MB keeps the embedded server ~150 MiB smaller.
  const client = new PGlite(dataDir, { postgresqlconf: ["shared_buffers=8MB"], extensions: PGLITE_EXTENSIONS });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { kind: "pglite", db, client, location: dataDir, close: () => client.close(), tightenedFiles, newDatabase };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}

// One handle per process, kept on globalThis: Next loads route handlers, instrumentation and
// HMR'd modules as separate module instances, and a PGlite data folder can only be opened once.
const g = globalThis as typeof globalThis & { __sidekiqDb?: DbHandle };

export function getDbHandle(): DbHandle {
  g.__sidekiqDb ??= createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.SIDEKIQ_DATA_DIR });
  return g.__sidekiqDb;
}

/** The process's database, opened on first use (never at build time). */
export function getDb(): Db {
  return getDbHandle().db;
}
