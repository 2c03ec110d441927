import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import { withinQuota } from "./quotas";
import type { Db } from "../client";
import { folders, threads } from "../schema";

export type Folder = { id: string; name: string; threadCount: number };

/** The user's folders by name, each with how many threads (not archived) it holds. */
export async function listFolders(db: Db, { userId }: { userId: string }): Promise<Folder[]> {
  const rows = await db
    .select({ id: folders.id, name: folders.name, threadCount: count(threads.id) })
    .from(folders)
    .leftJoin(threads, and(eq(threads.folderId, folders.id), eq(threads.isArchived, false)))
    .where(eq(folders.userId, userId))
    .groupBy(folders.id, folders.name)
    .orderBy(asc(folders.name), asc(folders.id));
  return rows.map((r) => ({ ...r, threadCount: Number(r.threadCount) }));
}

/** A new folder, within the user's quota of them. */
export async function createFolder(db: Db, { userId, name }: { userId: string; name: string }): Promise<Folder> {
  const [row] = await withinQuota(db, userId, "folders", (tx) => tx.insert(folders).values({ id: randomUUID(), userId, name }).returning({ id: folders.id, name: folders.name }));
  return { ...row!, threadCount: 0 };
}

export async function renameFolder(db: Db, { userId, folderId, name }: { userId: string; folderId: string; name: string }) {
  const [row] = await db
    .update(folders)
    .set({ name })
    .where(and(eq(folders.id, folderId), eq(folders.userId, userId)))
    .returning({ id: folders.id, name: folders.name });
  return row;
}

/** Deletes the folder; its threads go back to the root (the foreign key sets them null). */
export async function deleteFolder(db: Db, { userId, folderId }: { userId: string; folderId: string }) {
  const [row] = await db
    .delete(folders)
    .where(and(eq(folders.id, folderId), eq(folders.userId, userId)))
    .returning({ id: folders.id });
  return row;
}
