import type { UIMessage } from "ai";
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { MessageRole, MessageStatus } from "@/lib/chat/message";
import { messageSearchDocument, tsvector } from "./search";
import { threads } from "./threads";

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    // The message this one answers or follows: a thread is a tree, and the history the model gets
    // is the chain of a message's ancestors (branches add siblings without touching old rows).
    parentMessageId: text("parent_message_id"),
    // How many ancestors it has (a first message is 0): what a reply's history left out is
    // known without walking the whole path.
    depth: integer("depth").notNull().default(0),
    // The estimated tokens of its ancestors' texts (the path above it, as written when it was;
    // see estimatedTokensSql), set by a trigger from its parent's: the history that fits a model's
    // window is a range of it, read in one index scan instead of one lookup per ancestor.
    prefixTokens: integer("prefix_tokens").notNull().default(0),
    role: text("role").$type<MessageRole>().notNull(),
    parts: jsonb("parts").$type<UIMessage["parts"]>().notNull(),
    // Plain text of the parts, for search and titles.
    text: text("text").notNull().default(""),
    modelId: text("model_id"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    cost: numeric("cost", { precision: 14, scale: 8, mode: "number" }),
    finishReason: text("finish_reason"),
    status: text("status").$type<MessageStatus>().notNull().default("complete"),
    error: text("error"),
    clientMessageId: text("client_message_id"),
    // A reply answered with a Sidekiq: which one, and the version of its instructions it got.
    sidekiqId: text("sidekiq_id"),
    sidekiqVersion: integer("sidekiq_version"),
    // A reply whose history did not fit the model's context window: how many of the oldest
    // messages on its path were not sent.
    contextOmitted: integer("context_omitted"),
    // A reply that is streaming: its writer's last checkpoint. A row whose heartbeat is older than
    // the lease has lost its writer (a crash, a kill) and is swept to `interrupted`.
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }),
    // Set by Stop from any tab or instance; the writer sees it at once (same process or Redis) or
    // at its next checkpoint.
    stopRequestedAt: timestamp("stop_requested_at", { withTimezone: true, mode: "date" }),
    // A leaf's last time on screen as the thread's active leaf: switching to a branch opens the
    // leaf under it viewed last (or its newest, when none was).
    viewedAt: timestamp("viewed_at", { withTimezone: true, mode: "date" }),
    searchVector: tsvector("search_vector").generatedAlwaysAs(messageSearchDocument()),
    // Monotonic order inside a thread; created_at alone can tie within a millisecond.
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("messages_thread_idx").on(t.threadId, t.seq),
    // A message's children (its parent's branches) in order; roots too (`parent_message_id is null`).
    index("messages_children_idx").on(t.threadId, t.parentMessageId, t.seq),
    // The messages whose ancestors hold a range of tokens: a reply's history (see chainOf in turns.ts).
    index("messages_prefix_idx").on(t.threadId, t.prefixTokens),
    index("messages_created_idx").on(t.createdAt),
    index("messages_sidekiq_idx").on(t.sidekiqId, t.createdAt).where(sql`${t.sidekiqId} is not null`),
    uniqueIndex("messages_thread_client_id_uq").on(t.threadId, t.clientMessageId),
    // One reply streams per thread, across every instance: the database refuses a second.
    index("messages_search_idx").using("gin", t.searchVector),
    uniqueIndex("messages_one_streaming_per_thread_uq").on(t.threadId).where(sql`${t.status} = 'streaming'`),
  ],
);

export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
