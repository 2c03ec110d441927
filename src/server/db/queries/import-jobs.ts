import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../raw";

export type ImportJobCounts = { bytesRead: number; conversations: number; imported: number; duplicates: number; skipped: number; failed: number };

export type ImportJobView = ImportJobCounts & {
  id: string;
  status: "running" | "done" | "failed";
  bytesTotal: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

/** A running import whose heartbeat is older than this lost its server. */
export const IMPORT_HEARTBEAT_STALE_S = 60;

/**
 * The user's new import, or undefined while another one of theirs is running (on any instance:
 * the unique index on a user's running row decides). One whose server died is closed first.
 */
export async function startImportJob(db: Db, { userId, bytesTotal }: { userId: string; bytesTotal: number | null }): Promise<string | undefined> {
  await rowsOf(
    db,
    sql`update import_jobs set status = 'failed', error = 'The server running it stopped.', finished_at = now()
        where user_id = ${userId} and status = 'running' and heartbeat_at < now() - make_interval(secs => ${IMPORT_HEARTBEAT_STALE_S})`,
  );
  const rows = await rowsOf(
    db,
    sql`insert into import_jobs (id, user_id, bytes_total) values (${randomUUID()}, ${userId}, ${bytesTotal})
        on conflict (user_id) where status = 'running' do nothing
        returning id`,
  );
  return rows[0]?.id as string | undefined;
}

/** Where the import has got to, and that it is alive. */
export async function updateImportJob(db: Db, { id, counts }: { id: string; counts: ImportJobCounts }): Promise<void> {
  await rowsOf(
    db,
    sql`update import_jobs set bytes_read = ${counts.bytesRead}, conversations = ${counts.conversations}, imported = ${counts.imported},
          duplicates = ${counts.duplicates}, skipped = ${counts.skipped}, failed = ${counts.failed}, heartbeat_at = now()
        where id = ${id} and status = 'running'`,
  );
}

export async function finishImportJob(db: Db, { id, counts, error }: { id: string; counts?: ImportJobCounts; error?: string }): Promise<void> {
  await rowsOf(
    db,
    sql`update import_jobs set status = ${error ? "failed" : "done"}, error = ${error ?? null}, finished_at = now(), heartbeat_at = now(),
          bytes_read = coalesce(${counts?.bytesRead ?? null}, bytes_read), conversations = coalesce(${counts?.conversations ?? null}, conversations),
          imported = coalesce(${counts?.imported ?? null}, imported), duplicates = coalesce(${counts?.duplicates ?? null}, duplicates),
          skipped = coalesce(${counts?.skipped ?? null}, skipped), failed = coalesce(${counts?.failed ?? null}, failed)
        where id = ${id} and status = 'running'`,
  );
}

/** The user's newest import (running or not), for the page to show its progress. */
export async function latestImportJob(db: Db, { userId }: { userId: string }): Promise<ImportJobView | null> {
  const [row] = await rowsOf(
    db,
    sql`select id, status, bytes_read, bytes_total, conversations, imported, duplicates, skipped, failed, error, started_at, finished_at,
               (status = 'running' and heartbeat_at < now() - make_interval(secs => ${IMPORT_HEARTBEAT_STALE_S})) as stale
        from import_jobs where user_id = ${userId} order by started_at desc nulls first limit 1`,
  );
  if (!row) return null;
  const n = (v: unknown) => Number(v ?? 0);
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: row.id as string,
    status: row.stale ? "failed" : (row.status as ImportJobView["status"]),
    bytesRead: n(row.bytes_read),
    bytesTotal: row.bytes_total === null ? null : n(row.bytes_total),
    conversations: n(row.conversations),
    imported: n(row.imported),
    duplicates: n(row.duplicates),
    skipped: n(row.skipped),
    failed: n(row.failed),
    error: row.stale ? "The server running it stopped." : ((row.error as string | null) ?? null),
    startedAt: iso(row.started_at)!,
    finishedAt: iso(row.finished_at),
  };
}
