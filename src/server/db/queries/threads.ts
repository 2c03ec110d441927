import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ThreadCursor } from "@/lib/schemas/thread";
import type { Db } from "../client";
import { folders, type Thread, threads } from "../schema";

export type ThreadOwnerParams = { userId: string; threadId: string };

export async function getThread(db: Db, { userId, threadId }: ThreadOwnerParams): Promise<Thread | undefined> {
  const [row] = await db
    .select()
    .from(threads)
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .limit(1);
  return row;
}

export type ListThreadsParams = {
  userId: string;
  limit: number;
  cursor?: ThreadCursor | null;
  archived?: boolean;
  /** Undefined: every folder; null: the root only; an id: that folder. */
  folderId?: string | null;
};

/**
 * Pinned first, then most recent activity; keyset pagination on (is_pinned, last_activity_at, id).
 * The page is plain JSON, its times ISO 8601 text (see plainJson): superjson's walk over 50 rows
 * with two Dates each was 17% of the server's CPU for a page.
 */
export async function listThreads(db: Db, { userId, limit, cursor, archived = false, folderId }: ListThreadsParams) {
  const rows = await db
    .select({
      id: threads.id,
      title: threads.title,
      modelId: threads.modelId,
      isPinned: threads.isPinned,
      isArchived: threads.isArchived,
      folderId: threads.folderId,
      messageCount: threads.messageCount,
      lastActivityAt: threads.lastActivityAt,
      createdAt: threads.createdAt,
      // The cursor's timestamp as the driver reads it, to the microsecond (both drivers hand
      // drizzle timestamps as PostgreSQL's text): a column, so nothing is computed for rows a plan
      // sorts and drops. (to_char here, in a plan that sorted the user's threads under stale
      // statistics, ran for every one of them; the subquery that kept it to the page cost 9% of
      // the server's CPU in drizzle's mapping of its proxied columns.)
      cursorAt: sql<string>`${threads.lastActivityAt}`,
    })
    .from(threads)
    .where(
      and(
        eq(threads.userId, userId),
        eq(threads.isArchived, archived),
        folderId === undefined ? undefined : folderId === null ? isNull(threads.folderId) : eq(threads.folderId, folderId),
        cursor ? afterCursor(cursor) : undefined,
      ),
    )
    .orderBy(desc(threads.isPinned), desc(threads.lastActivityAt), desc(threads.id))
    .limit(limit + 1);
  const items = rows
    .slice(0, limit)
    .map(({ cursorAt: _, lastActivityAt, createdAt, ...item }) => ({ ...item, lastActivityAt: lastActivityAt.toISOString(), createdAt: createdAt.toISOString() }));
  const last = rows[limit - 1];
  const nextCursor = rows.length > limit && last ? { isPinned: last.isPinned, lastActivityAt: last.cursorAt, id: last.id } : null;
  return { items, nextCursor };
}

export type ThreadListItem = Awaited<ReturnType<typeof listThreads>>["items"][number];

/**
 * The rows after the cursor, as one row comparison: every column sorts descending, and `false <
 * true`, so after a pinned cursor the unpinned rows still follow. PostgreSQL seeks the list index
 * to it. The OR of the three columns it replaced was a filter, not an index condition: a page
 * 50,000 threads down read the 50,000 before it (17 ms in the database, against 0.2).
 */
function afterCursor(c: ThreadCursor) {
  return sql`(${threads.isPinned}, ${threads.lastActivityAt}, ${threads.id}) < (${c.isPinned}, ${c.lastActivityAt}::timestamptz, ${c.id})`;
}

export async function renameThread(db: Db, { userId, threadId, title }: ThreadOwnerParams & { title: string }) {
  const [row] = await db
    .update(threads)
    .set({ title })
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .returning();
  return row;
}

/** Sets the title only while the thread has none, so a rename by the user always wins over auto-title. */
export async function setTitleIfEmpty(db: Db, { userId, threadId, title }: ThreadOwnerParams & { title: string }) {
  const [row] = await db
    .update(threads)
    .set({ title })
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId), sql`${threads.title} is null`))
    .returning({ id: threads.id });
  return row !== undefined;
}

export async function setThreadPinned(db: Db, { userId, threadId, pinned }: ThreadOwnerParams & { pinned: boolean }) {
  const [row] = await db
    .update(threads)
    .set({ isPinned: pinned })
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .returning();
  return row;
}

export async function setThreadArchived(
  db: Db,
  { userId, threadId, archived }: ThreadOwnerParams & { archived: boolean },
) {
  const [row] = await db
    .update(threads)
    .set({ isArchived: archived })
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .returning();
  return row;
}

export async function deleteThread(db: Db, { userId, threadId }: ThreadOwnerParams) {
  const [row] = await db
    .delete(threads)
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .returning({ id: threads.id });
  return row;
}

/**
 * Files the user's threads in one of their folders (or at the root, null). Returns how many
 * moved, or undefined when the folder is not theirs; ids of others' threads change nothing.
 */
export async function moveThreads(db: Db, { userId, threadIds, folderId }: { userId: string; threadIds: string[]; folderId: string | null }): Promise<number | undefined> {
  if (folderId !== null) {
    const [folder] = await db.select({ id: folders.id }).from(folders).where(and(eq(folders.id, folderId), eq(folders.userId, userId)));
    if (!folder) return undefined;
  }
  const rows = await db
    .update(threads)
    .set({ folderId })
    .where(and(eq(threads.userId, userId), inArray(threads.id, threadIds)))
    .returning({ id: threads.id });
  return rows.length;
}

/** Archives (or restores) the user's threads among `threadIds`; returns how many. */
export async function archiveThreads(db: Db, { userId, threadIds, archived }: { userId: string; threadIds: string[]; archived: boolean }): Promise<number> {
  const rows = await db
    .update(threads)
    .set({ isArchived: archived })
    .where(and(eq(threads.userId, userId), inArray(threads.id, threadIds)))
    .returning({ id: threads.id });
  return rows.length;
}

/** Deletes the user's threads among `threadIds`; returns how many. */
export async function deleteThreads(db: Db, { userId, threadIds }: { userId: string; threadIds: string[] }): Promise<number> {
  const rows = await db
    .delete(threads)
    .where(and(eq(threads.userId, userId), inArray(threads.id, threadIds)))
    .returning({ id: threads.id });
  return rows.length;
}
