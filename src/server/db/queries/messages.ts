import "server-only";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../client";
import { messages } from "../schema";

export type ListMessagesParams = { threadId: string; limit: number; cursor?: number | null };

/**
 * A page of a thread's messages in order, newest page first. The caller has already checked
 * that the thread belongs to the user.
 */
export async function listMessages(db: Db, { threadId, limit, cursor }: ListMessagesParams) {
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.threadId, threadId), cursor != null ? lt(messages.seq, cursor) : undefined))
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  return { items: page, nextCursor: hasMore && page[0] ? page[0].seq : null };
}
