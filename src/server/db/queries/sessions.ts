import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { rowsOf } from "../raw";

/** How stale a session's `updated_at` may be before a request moves it on: the sessions list's "last active". */
export const SESSION_TOUCH_MS = 5 * 60_000;

/**
 * Marks a session as used now. Better Auth writes `updated_at` only when it extends a session
 * (once a day), so the sessions list would say "active a day ago" for the device in use. The
 * caller only calls this when the row is older than SESSION_TOUCH_MS, and the statement checks
 * again: at most one write per session per five minutes, never on a request's path.
 */
export async function touchSession(db: Db, sessionId: string): Promise<void> {
  await rowsOf(db, sql`update session set updated_at = now() where id = ${sessionId} and updated_at < now() - make_interval(secs => ${SESSION_TOUCH_MS / 1000})`);
}
