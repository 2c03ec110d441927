import "server-only";
import { and, desc, eq, inArray, isNull, sql, type SQLWrapper } from "drizzle-orm";
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

const isoMs = (at: SQLWrapper) => sql<string>`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Pinned first, then most recent activity; keyset pagination on (is_pinned, last_activity_at, id).
 * The page is plain JSON, its times ISO 8601 text made by the database (see plainJson): superjson's
 * walk over 50 rows with two Dates each was 17% of the server's CPU for a page.
 */
export async function listThreads(db: Db, { userId, limit, cursor, archived = false, folderId }: ListThreadsParams) {
  const page = db
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
    .limit(limit + 1)
    .as("page");
  // The texts are made for the page's rows only, outside the LIMIT: in the select itself, a plan
  // that sorts the user's threads (statistics not yet gathered after 10,000 were imported) made
  // them for every one of them: 15 ms against 8.5 without it.
  const rows = await db
    .select({
      id: page.id,
      title: page.title,
      modelId: page.modelId,
      isPinned: page.isPinned,
      isArchived: page.isArchived,
      folderId: page.folderId,
      messageCount: page.messageCount,
      lastActivityAt: isoMs(page.lastActivityAt),
      createdAt: isoMs(page.createdAt),
      cursorAt: sql<string>`to_char(${page.lastActivityAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(page)
    .orderBy(desc(page.isPinned), desc(page.lastActivityAt), desc(page.id));
  const items = rows.slice(0, limit).map(({ cursorAt: _, ...item }) => item);
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
