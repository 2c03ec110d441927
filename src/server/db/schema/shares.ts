import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { threads } from "./threads";

/** A message of a shared snapshot: what the page shows, nothing about the sharer. */
export type SharedMessage = { role: "user" | "assistant"; text: string; modelId: string | null; createdAt: string };

/**
 * A read-only public link to a snapshot of a thread (its branch shown, when it was shared): the
 * token is the only key, unguessable; a revoked link answers 404.
 */
export const shares = pgTable(
  "shares",
  {
    token: text("token").primaryKey(),
    threadId: text("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    title: text("title"),
    messages: jsonb("messages").$type<SharedMessage[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("shares_thread_idx").on(t.threadId, t.createdAt)],
);
