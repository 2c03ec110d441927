import path from "node:path";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import type { PGlite } from "@electric-sql/pglite";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "drizzle");
const LOCK_KEY = 727_274_001; // any constant; all instances must agree

export type MigrationTarget = { kind: "postgres"; url: string } | { kind: "pglite"; client: PGlite };

/**
 * Applies pending migrations. On PostgreSQL it holds an advisory lock on its own single
 * connection, so instances booting together apply each migration once.
 */
export async function runMigrations(target: MigrationTarget, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (target.kind === "pglite") {
    await migratePglite(drizzlePglite({ client: target.client }), { migrationsFolder });
    return;
  }
  const sql = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
