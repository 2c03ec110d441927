import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";

export type ImportJobStatus = "running" | "done" | "failed";

/**
 * An import, from its first byte to its report: what the page polls for progress, and the lock
 * that lets a user run one import at a time (a second one while this is `running` is a 409, on
 * any instance). A running row whose heartbeat is a minute old lost its server and counts as
 * failed.
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    status: text("status").$type<ImportJobStatus>().notNull().default("running"),
    bytesRead: bigint("bytes_read", { mode: "number" }).notNull().default(0),
    bytesTotal: bigint("bytes_total", { mode: "number" }),
    conversations: integer("conversations").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("import_jobs_running_idx").on(t.userId).where(sql`${t.status} = 'running'`),
    index("import_jobs_user_idx").on(t.userId, t.startedAt.desc().nullsFirst()),
  ],
);

export type ImportJob = typeof importJobs.$inferSelect;
