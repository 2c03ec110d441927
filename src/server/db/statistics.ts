import "server-only";
import { sql } from "drizzle-orm";
import type { DbHandle } from "./client";
import { rowsOf } from "./raw";

/**
 * The planner's statistics for the embedded database. PostgreSQL's autovacuum analyzes a table
 * once a tenth of it has changed; PGlite runs no autovacuum, so its tables would go unanalyzed
 * for ever, and search would be planned without knowing a common word from a rare one: every
 * word's matches read in full off the GIN index and sorted, where a common word's newest are a
 * short walk of the date index (see SEARCH_CANDIDATES and rareWordIn). This does autovacuum's
 * analyze for it: a table that has changed by a tenth since it was last analyzed (or never was)
 * is analyzed again, checked a while after start, every hour, and soon after an import.
 */

/** The tables whose statistics plans depend on: search and history read these. */
const TABLES = ["messages", "threads"] as const;
/** autovacuum_analyze_scale_factor and autovacuum_analyze_threshold, PostgreSQL's defaults. */
const SCALE = 0.1;
const THRESHOLD = 50;
const FIRST_CHECK_MS = 30_000;
const EVERY_MS = 60 * 60_000;
const AFTER_IMPORT_MS = 5_000;

/**
 * Analyzes each table whose row count has moved from what its statistics say by more than a
 * tenth (plus 50). Returns the tables analyzed. PostgreSQL's own autovacuum does this there: on
 * PostgreSQL it does nothing.
 */
export async function refreshStatistics(handle: DbHandle): Promise<string[]> {
  if (handle.kind !== "pglite") return [];
  const analyzed: string[] = [];
  for (const table of TABLES) {
    // reltuples is what the last ANALYZE (or VACUUM) counted, -1 before the first.
    const [row] = await rowsOf(
      handle.db,
      sql`select c.reltuples::float8 as counted, (select count(*) from ${sql.identifier(table)})::float8 as rows
          from pg_class c where c.oid = ${table}::regclass`,
    );
    const counted = Number(row?.counted ?? -1);
    const rows = Number(row?.rows ?? 0);
    if (counted < 0 ? rows > 0 : Math.abs(rows - counted) > SCALE * counted + THRESHOLD) {
      await rowsOf(handle.db, sql`analyze ${sql.identifier(table)}`);
      analyzed.push(table);
    }
  }
  return analyzed;
}

type Keeper = { timer?: ReturnType<typeof setTimeout>; running?: Promise<unknown> };
const g = globalThis as typeof globalThis & { __sidekiqStatistics?: Keeper };

/** Runs refreshStatistics in `ms`, unless a run is already due sooner. */
function schedule(handle: DbHandle, ms: number, onError: (e: unknown) => void) {
  const k = (g.__sidekiqStatistics ??= {});
  if (k.timer) clearTimeout(k.timer);
  k.timer = setTimeout(() => {
    k.timer = undefined;
    k.running = refreshStatistics(handle)
      .catch(onError)
      .finally(() => {
        k.running = undefined;
        if (!k.timer) schedule(handle, EVERY_MS, onError);
      });
  }, ms).unref();
}

/** Starts the checks on the embedded database (bootstrap). */
export function keepStatistics(handle: DbHandle, onError: (e: unknown) => void): void {
  if (handle.kind !== "pglite") return;
  schedule(handle, FIRST_CHECK_MS, onError);
}

/** After many rows went in at once (an import): check soon rather than within the hour. */
export function statisticsMayHaveChanged(handle: DbHandle, onError: (e: unknown) => void = () => {}): void {
  if (handle.kind !== "pglite" || !g.__sidekiqStatistics) return;
  schedule(handle, AFTER_IMPORT_MS, onError);
}
