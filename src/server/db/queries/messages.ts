import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { type Message, messages, type NewMessage, threads } from "../schema";

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

/** The whole linear history the model sees, oldest first. */
export async function listThreadHistory(db: Db, { threadId }: { threadId: string }): Promise<Message[]> {
  return db.select().from(messages).where(eq(messages.threadId, threadId)).orderBy(messages.seq);
}

export async function getLastMessage(db: Db, { threadId }: { threadId: string }): Promise<Message | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(eq(messages.threadId, threadId))
    .orderBy(desc(messages.seq))
    .limit(1);
  return row;
}

export type InsertUserMessageParams = Omit<NewMessage, "seq" | "role" | "parentMessageId"> & { threadId: string; clientMessageId: string };

/**
 * Saves the user's message with the thread's last message as its parent and counts it on the
 * thread, in one statement (one round trip, atomic). Returns undefined when this client message
 * id was already saved.
 */
export async function insertUserMessage(db: Db, params: InsertUserMessageParams): Promise<Message | undefined> {
  const inserted = db.$with("inserted").as(
    db
      .insert(messages)
      .values({
        ...params,
        role: "user" as const,
        parentMessageId: sql`(select ${messages.id} from ${messages} where ${messages.threadId} = ${params.threadId} order by ${messages.seq} desc limit 1)`,
      })
      .onConflictDoNothing({ target: [messages.threadId, messages.clientMessageId] })
      .returning(),
  );
  const counted = db.$with("counted").as(
    db
      .update(threads)
      .set({ messageCount: sql`${threads.messageCount} + 1`, lastActivityAt: sql`(select created_at from inserted)` })
      .where(and(eq(threads.id, params.threadId), sql`exists (select 1 from inserted)`))
      .returning({ id: threads.id }),
  );
  const [row] = await db.with(inserted, counted).select().from(inserted);
  return row;
}

export type FirstMessageParams = { userId: string; modelId: string; message: InsertUserMessageParams };

/**
 * A new thread and its first message (no parent, counted on the thread) in one statement, the
 * path of every new chat. Nothing is written when the thread id exists already, whoever owns it:
 * returns false, and the caller answers from the existing thread or with 404.
 */
export async function createThreadWithFirstMessage(db: Db, { userId, modelId, message }: FirstMessageParams): Promise<boolean> {
  const result: unknown = await db.execute(sql`
    with created as (
      insert into ${threads} (id, user_id, model_id, message_count, last_activity_at)
      values (${message.threadId}, ${userId}, ${modelId}, 1, now())
      on conflict (id) do nothing
      returning id
    )
    insert into ${messages} (id, thread_id, role, parts, text, status, model_id, client_message_id)
    select ${message.id}, created.id, 'user', ${JSON.stringify(message.parts)}::jsonb, ${message.text ?? ""},
           ${message.status ?? "complete"}, ${message.modelId ?? null}, ${message.clientMessageId}
    from created
    returning id`);
  // postgres.js answers with the rows, PGlite with { rows }.
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows.length === 1;
}

export type InsertReplyParams = Omit<NewMessage, "seq" | "role" | "clientMessageId"> & {
  threadId: string;
  parentMessageId: string;
};

/** Saves the assistant's reply and bumps the thread's counters in one statement. */
export async function insertAssistantMessage(db: Db, params: InsertReplyParams): Promise<Message> {
  const inserted = db.$with("inserted").as(db.insert(messages).values({ ...params, role: "assistant" }).returning());
  const counted = db.$with("counted").as(
    db
      .update(threads)
      .set({ messageCount: sql`${threads.messageCount} + 1`, lastActivityAt: sql`greatest(${threads.lastActivityAt}, now())`, modelId: params.modelId })
      .where(and(eq(threads.id, params.threadId), sql`exists (select 1 from inserted)`))
      .returning({ id: threads.id }),
  );
  const [row] = await db.with(inserted, counted).select().from(inserted);
  return row!;
}

/** Removes a reply that is being regenerated, and uncounts it. */
export async function deleteReply(db: Db, { threadId, messageId }: { threadId: string; messageId: string }) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(messages)
      .where(and(eq(messages.id, messageId), eq(messages.threadId, threadId), eq(messages.role, "assistant")))
      .returning({ id: messages.id });
    if (row) {
      await tx
        .update(threads)
        .set({ messageCount: sql`greatest(${threads.messageCount} - 1, 0)` })
        .where(eq(threads.id, threadId));
    }
  });
}
