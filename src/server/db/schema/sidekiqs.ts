import { sql } from "drizzle-orm";
import { check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { SidekiqVisibility } from "@/lib/schemas/sidekiq";
import { organization, user } from "./auth";

/**
 * A Sidekiq: a custom assistant. What it is called and who may see it live here; what it tells
 * the model (instructions, starters, default model) lives in its versions, and `current_version`
 * is the one a new reply gets. Deleting one keeps the row (`deleted_at`), so the threads that
 * used it still show whose answers they hold.
 */
export const sidekiqs = pgTable(
  "sidekiqs",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    // Set only with "team" visibility. A team Sidekiq whose team was deleted is its author's alone.
    teamId: text("team_id").references(() => organization.id, { onDelete: "set null" }),
    visibility: text("visibility").$type<SidekiqVisibility>().notNull().default("private"),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // What search matches, lowered once on write: `like` on it costs a third of `ilike` on the
    // name and description per row (6 ms against 18 ms over 10,000 rows), and a search that
    // walks the gallery's index filters every row it passes.
    searchText: text("search_text").generatedAlwaysAs(sql`lower(name || ' ' || description)`),
    avatarEmoji: text("avatar_emoji").notNull().default("✨"),
    avatarColor: text("avatar_color").notNull().default("#6366f1"),
    currentVersion: integer("current_version").notNull().default(1),
    // Bumped on every upload, so that the image's URL changes with it (null: the emoji is shown).
    avatarImageVersion: integer("avatar_image_version"),
    remixedFromId: text("remixed_from_id"),
    // How many people have started a chat with it, and when the last chat started: the gallery's sorts.
    userCount: integer("user_count").notNull().default(0),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
      .notNull()
      .defaultNow()
      .$onUpdate(() => sql`now()`),
  },
  (t) => [
    // In the gallery's order (`order by x desc`, which puts nulls first): an index kept
    // `desc nulls last` was not used for it, and PostgreSQL sorted every public row instead.
    index("sidekiqs_owner_idx").on(t.ownerId, t.lastUsedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("sidekiqs_team_idx").on(t.teamId, t.lastUsedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("sidekiqs_public_used_idx").on(t.lastUsedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.visibility} = 'public' and ${t.deletedAt} is null`),
    index("sidekiqs_public_users_idx").on(t.userCount.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.visibility} = 'public' and ${t.deletedAt} is null`),
    // Search by name and description: trigrams answer `like '%…%'` without reading every row.
    // Without GIN's pending list (fastupdate): Sidekiqs are written rarely, and rows waiting in
    // that list made the planner read the whole table instead (12 ms against 0.1 ms).
    index("sidekiqs_search_trgm_idx")
      .using("gin", sql`${t.searchText} gin_trgm_ops`)
      .with({ fastupdate: false }),
    check("sidekiqs_team_only_with_team_visibility", sql`${t.teamId} is null or ${t.visibility} = 'team'`),
  ],
);

/** One saved state of a Sidekiq's instructions, starters and default model. Never changed once written. */
export const sidekiqVersions = pgTable(
  "sidekiq_versions",
  {
    sidekiqId: text("sidekiq_id")
      .notNull()
      .references(() => sidekiqs.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    instructions: text("instructions").notNull().default(""),
    starters: jsonb("starters").$type<string[]>().notNull().default([]),
    defaultModelId: text("default_model_id"),
    note: text("note"),
    authorId: text("author_id").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sidekiqId, t.version] })],
);

/** Who has started a chat with a Sidekiq: one row a person, counted into `sidekiqs.user_count`. */
export const sidekiqUsers = pgTable(
  "sidekiq_users",
  {
    sidekiqId: text("sidekiq_id")
      .notNull()
      .references(() => sidekiqs.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sidekiqId, t.userId] })],
);

export type Sidekiq = typeof sidekiqs.$inferSelect;
export type SidekiqVersion = typeof sidekiqVersions.$inferSelect;

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => Buffer.from(v),
});

/** An uploaded avatar, re-encoded on the server (256 px WebP); kept apart so lists never read it. */
export const sidekiqAvatars = pgTable("sidekiq_avatars", {
  sidekiqId: text("sidekiq_id")
    .primaryKey()
    .references(() => sidekiqs.id, { onDelete: "cascade" }),
  image: bytea("image").notNull(),
  contentType: text("content_type").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
