import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { folders } from "./folders";
import { searchDocument, tsvector } from "./search";

export const threads = pgTable(
  "threads",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // Sidekiqs arrive in a later issue; the column is here so old threads need no migration.
    sidekiqId: text("sidekiq_id"),
    title: text("title"),
    modelId: text("model_id"),
    isPinned: boolean("is_pinned").notNull().default(false),
    isArchived: boolean("is_archived").notNull().default(false),
    messageCount: integer("message_count").notNull().default(0),
    // The newest message on the path the user is on: a new message's parent.
    leafMessageId: text("leaf_message_id"),
    // A fork ("Branch off in a new thread"): the thread and message it was copied from.
    forkedFromThreadId: text("forked_from_thread_id"),
    forkedFromMessageId: text("forked_from_message_id"),
    // An imported conversation: its source and its id there ("chatgpt:<id>"), so that importing
    // the same file again creates nothing new.
    importKey: text("import_key"),
    // The folder it is filed in; null at the root. A deleted folder leaves its threads at the root.
    folderId: text("folder_id").references(() => folders.id, { onDelete: "set null" }),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(searchDocument("title")),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    index("threads_search_idx").using("gin", t.searchVector),
    index("threads_folder_idx").on(t.folderId, t.lastActivityAt.desc().nullsFirst()).where(sql`${t.folderId} is not null`),
    uniqueIndex("threads_import_key_uq").on(t.userId, t.importKey).where(sql`${t.importKey} is not null`),
    // In the list's own order (`order by x desc` puts nulls first): as `desc nulls last` the index
    // was never used for it, and every one of a user's threads was sorted for each page.
    index("threads_user_list_idx").on(t.userId, t.isArchived, t.isPinned.desc().nullsFirst(), t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

export type Thread = typeof threads.$inferSelect;
export type NewThread = typeof threads.$inferInsert;
