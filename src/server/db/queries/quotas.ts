import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { env } from "@/env";
import type { Db } from "../client";
import { rowsOf } from "../raw";
import { AppError } from "@/server/errors";

/**
 * What one account may hold (QUOTA_FOLDERS, QUOTA_SIDEKIQS, QUOTA_TEAMS, QUOTA_SHARES). Without
 * them a script could make folders by the hundred in one batched request until the database
 * filled. A write past one is a 403 that names the limit.
 */
export type QuotaKind = "folders" | "sidekiqs" | "teams" | "shares";

const NOUNS: Record<QuotaKind, string> = { folders: "folders", sidekiqs: "Sidekiqs", teams: "teams of your own", shares: "share links" };

/** How many the user holds now: what counts against the quota (deleted Sidekiqs and revoked links do not). */
const HELD: Record<QuotaKind, (userId: string) => SQL> = {
  folders: (u) => sql`select count(*)::int as n from folders where user_id = ${u}`,
  sidekiqs: (u) => sql`select count(*)::int as n from sidekiqs where owner_id = ${u} and deleted_at is null`,
  teams: (u) => sql`select count(*)::int as n from member where user_id = ${u} and role = 'owner'`,
  shares: (u) => sql`select count(*)::int as n from shares where user_id = ${u} and revoked_at is null`,
};

export function quotaOf(kind: QuotaKind): number {
  return { folders: env.QUOTA_FOLDERS, sidekiqs: env.QUOTA_SIDEKIQS, teams: env.QUOTA_TEAMS, shares: env.QUOTA_SHARES }[kind];
}

export function quotaMessage(kind: QuotaKind): string {
  return `You can have at most ${quotaOf(kind).toLocaleString("en-US")} ${NOUNS[kind]}. Delete some to make room.`;
}

export function quotaExceeded(kind: QuotaKind): AppError {
  return new AppError("QUOTA_EXCEEDED", { message: quotaMessage(kind), details: { quota: kind, limit: quotaOf(kind) } });
}

export async function heldCount(db: Db, kind: QuotaKind, userId: string): Promise<number> {
  const [row] = await rowsOf(db, HELD[kind](userId));
  return Number(row?.n ?? 0);
}

/**
 * Runs `write` (which adds `adding` of `kind`) only while the user stays within the quota. The
 * check and the write are one transaction under a lock per user and kind, so a burst of creates
 * at once cannot all pass a count taken before any of them landed.
 */
export async function withinQuota<T>(db: Db, userId: string, kind: QuotaKind, write: (tx: Db) => Promise<T>, adding = 1): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`quota:${kind}:${userId}`}, 0))`);
    if ((await heldCount(tx as unknown as Db, kind, userId)) + adding > quotaOf(kind)) throw quotaExceeded(kind);
    return write(tx as unknown as Db);
  });
}
