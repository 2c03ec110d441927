import "server-only";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { withinQuota } from "./quotas";
import type { Db } from "../client";
import { rowsOf } from "../raw";
import type { SharedMessage } from "../schema/shares";

/** 32 random bytes: a link nobody guesses. */
const newToken = () => randomBytes(32).toString("base64url");

export type Share = { token: string; createdAt: string; messageCount: number };

/**
 * A link to a snapshot of the user's thread as it is shown now: the branch from the root to the
 * active leaf (a reply still being written is left out). Undefined when the thread is not theirs.
 */
export async function createShare(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<Share | undefined> {
  const token = newToken();
  const rows = await withinQuota(db, userId, "shares", (tx) => rowsOf(
    tx,
    sql`with recursive
      thread as (select id, title, leaf_message_id from threads where id = ${threadId} and user_id = ${userId}),
      path as (
        select m.id, m.parent_message_id, m.role, m.text, m.model_id, m.created_at, m.status, 0 as depth
        from messages m join thread t on m.id = t.leaf_message_id where m.thread_id = ${threadId}
        union all
        select p.id, p.parent_message_id, p.role, p.text, p.model_id, p.created_at, p.status, c.depth + 1
        from path c cross join lateral (select * from messages m where m.id = c.parent_message_id and m.thread_id = ${threadId} offset 0) p
      ),
      created as (
        insert into shares (token, thread_id, user_id, title, messages)
        select ${token}, t.id, ${userId}, t.title,
               coalesce((select jsonb_agg(jsonb_build_object('role', p.role, 'text', p.text, 'modelId', p.model_id, 'createdAt', p.created_at) order by p.depth desc)
                         from path p where p.role <> 'system' and p.status <> 'streaming'), '[]'::jsonb)
        from thread t
        returning token, created_at, jsonb_array_length(messages) as n
      )
      select token, created_at, n from created`,
  ));
  const row = rows[0];
  if (!row) return undefined;
  return { token: row.token as string, createdAt: new Date(row.created_at as string).toISOString(), messageCount: Number(row.n) };
}

/** The thread's links that still work, newest first; undefined when the thread is not theirs. */
export async function listShares(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<Share[] | undefined> {
  const rows = await rowsOf(
    db,
    sql`select t.id as thread_id, s.token, s.created_at, jsonb_array_length(s.messages) as n
        from threads t left join shares s on s.thread_id = t.id and s.revoked_at is null
        where t.id = ${threadId} and t.user_id = ${userId}
        order by s.created_at desc`,
  );
  if (rows.length === 0) return undefined;
  return rows.filter((r) => r.token).map((r) => ({ token: r.token as string, createdAt: new Date(r.created_at as string).toISOString(), messageCount: Number(r.n) }));
}

/** Stops a link of the user's from working. False when there is no such link of theirs. */
export async function revokeShare(db: Db, { userId, token }: { userId: string; token: string }): Promise<boolean> {
  const rows = await rowsOf(db, sql`update shares set revoked_at = now() where token = ${token} and user_id = ${userId} and revoked_at is null returning token`);
  return rows.length === 1;
}

export type SharedSnapshot = { token: string; title: string | null; createdAt: string; messages: SharedMessage[] };

/** What a link shows, to anyone; undefined when it is unknown or revoked. */
export async function readShare(db: Db, token: string): Promise<SharedSnapshot | undefined> {
  const rows = await rowsOf(db, sql`select token, title, created_at, messages from shares where token = ${token} and revoked_at is null`);
  const row = rows[0];
  if (!row) return undefined;
  const messages = (typeof row.messages === "string" ? JSON.parse(row.messages) : row.messages) as SharedMessage[];
  return { token: row.token as string, title: (row.title as string | null) ?? null, createdAt: new Date(row.created_at as string).toISOString(), messages };
}
