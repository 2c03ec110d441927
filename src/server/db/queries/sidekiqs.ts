import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { CreateSidekiqInput, ListSidekiqsInput, SidekiqVisibility, UpdateSidekiqInput } from "@/lib/schemas/sidekiq";
import { AppError } from "@/server/errors";
import { withinQuota } from "./quotas";
import type { Db } from "../client";
import { member, messages, organization, sidekiqs, sidekiqUsers, sidekiqVersions, threads, user } from "../schema";

/**
 * Who may do what with a Sidekiq, as SQL, so that every query (and the turn's prepare statement)
 * asks the same question in its `where`:
 * - use it (chat with it, see its page): its author; a member of its team when it is a team
 *   Sidekiq; anyone signed in when it is public;
 * - read its instructions: its author and, for a team Sidekiq, the team's members;
 * - edit it (and see its versions and usage): its author and, for a team Sidekiq, the team's
 *   owners and admins.
 * A deleted Sidekiq is usable by nobody.
 */
export const sidekiqAccess = {
  usable: (userId: string, s = sql`sidekiqs`): SQL =>
    sql`(${s}.deleted_at is null and (${s}.owner_id = ${userId} or ${s}.visibility = 'public' or (${s}.visibility = 'team' and exists (select 1 from member where member.organization_id = ${s}.team_id and member.user_id = ${userId}))))`,
  readable: (userId: string, s = sql`sidekiqs`): SQL =>
    sql`(${s}.deleted_at is null and (${s}.owner_id = ${userId} or (${s}.visibility = 'team' and exists (select 1 from member where member.organization_id = ${s}.team_id and member.user_id = ${userId}))))`,
  editable: (userId: string, s = sql`sidekiqs`): SQL =>
    sql`(${s}.deleted_at is null and (${s}.owner_id = ${userId} or (${s}.visibility = 'team' and exists (select 1 from member where member.organization_id = ${s}.team_id and member.user_id = ${userId} and member.role in ('owner', 'admin')))))`,
};

const rights = (userId: string) => ({
  canRead: sql<boolean>`${sidekiqAccess.readable(userId)}`.as("can_read"),
  canEdit: sql<boolean>`${sidekiqAccess.editable(userId)}`.as("can_edit"),
});

/** What the user may do with one Sidekiq (and its current version); undefined when they may not even use it. */
export async function rightsOn(db: Db, userId: string, sidekiqId: string) {
  const [row] = await db
    .select({ currentVersion: sidekiqs.currentVersion, ...rights(userId) })
    .from(sidekiqs)
    .where(and(eq(sidekiqs.id, sidekiqId), sidekiqAccess.usable(userId)))
    .limit(1);
  return row;
}

const summaryColumns = {
  id: sidekiqs.id,
  name: sidekiqs.name,
  description: sidekiqs.description,
  avatarEmoji: sidekiqs.avatarEmoji,
  avatarColor: sidekiqs.avatarColor,
  avatarImageVersion: sidekiqs.avatarImageVersion,
  visibility: sidekiqs.visibility,
  teamId: sidekiqs.teamId,
  ownerId: sidekiqs.ownerId,
  userCount: sidekiqs.userCount,
  lastUsedAt: sidekiqs.lastUsedAt,
  updatedAt: sidekiqs.updatedAt,
};

/** What search reads: the expression of the trigram index `sidekiqs_search_trgm_idx`. */
/** Name and description containing `query`, in any case (on the lowered `search_text`). */
const matches = (query: string) => sql`${sidekiqs.searchText} like lower(${containing(query)})`;

/** A LIKE pattern for text containing `query`, its own `%`, `_` and `\` taken literally. */
const containing = (query: string) => `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The gallery: one tab (mine, my teams', public), searched by name and description, by keyset. */
export async function listSidekiqs(db: Db, userId: string, { tab, sort, query, limit, cursor }: ListSidekiqsInput) {
  const sortColumn = sort === "popular" ? sidekiqs.userCount : sidekiqs.lastUsedAt;
  const keyOf = (row: { userCount: number; lastUsedAt: Date }) => (sort === "popular" ? row.userCount : row.lastUsedAt.getTime());
  const cursorValue = cursor ? (sort === "popular" ? cursor.key : new Date(cursor.key)) : undefined;
  const tabFilter =
    tab === "mine"
      ? eq(sidekiqs.ownerId, userId)
      : tab === "team"
        ? and(eq(sidekiqs.visibility, "team"), sql`exists (select 1 from member where member.organization_id = ${sidekiqs.teamId} and member.user_id = ${userId})`)
        : eq(sidekiqs.visibility, "public");
  // The page first (in the sort's index order), then its authors and teams: joined before the
  // limit, PostgreSQL sorted all 9,000 public rows of the bench's 10,000 (9 ms against 0.3 ms).
  const page = db
    .select(summaryColumns)
    .from(sidekiqs)
    .where(
      and(
        isNull(sidekiqs.deletedAt),
        tabFilter,
        query ? matches(query) : undefined,
        cursor && cursorValue !== undefined ? or(lt(sortColumn, cursorValue), and(eq(sortColumn, cursorValue), lt(sidekiqs.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(sortColumn), desc(sidekiqs.id))
    .limit(limit + 1)
    .as("page");
  const pageSort = sort === "popular" ? page.userCount : page.lastUsedAt;
  const rows = await db
    .select({
      id: page.id,
      name: page.name,
      description: page.description,
      avatarEmoji: page.avatarEmoji,
      avatarColor: page.avatarColor,
      avatarImageVersion: page.avatarImageVersion,
      visibility: page.visibility,
      teamId: page.teamId,
      ownerId: page.ownerId,
      userCount: page.userCount,
      lastUsedAt: page.lastUsedAt,
      updatedAt: page.updatedAt,
      authorName: user.name,
      teamName: organization.name,
    })
    .from(page)
    .innerJoin(user, eq(user.id, page.ownerId))
    .leftJoin(organization, eq(organization.id, page.teamId))
    .orderBy(desc(pageSort), desc(page.id));
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? { key: keyOf(last), id: last.id } : null };
}

export type SidekiqListItem = Awaited<ReturnType<typeof listSidekiqs>>["items"][number];

/**
 * The `@` picker: Sidekiqs the user may use, theirs and their teams' first, then those they used
 * last. Typing searches public ones too (on the search's trigram index); "@" alone offers only
 * the user's own, their teams' and those they have chatted with.
 */
export async function listPickable(db: Db, userId: string, query: string, limit = 8) {
  const known = sql`(${sidekiqs.ownerId} = ${userId} or ${sidekiqs.visibility} = 'team' or ${sidekiqUsers.userId} is not null)`;
  return db
    .select({ id: sidekiqs.id, name: sidekiqs.name, description: sidekiqs.description, avatarEmoji: sidekiqs.avatarEmoji, avatarColor: sidekiqs.avatarColor, avatarImageVersion: sidekiqs.avatarImageVersion, visibility: sidekiqs.visibility })
    .from(sidekiqs)
    .leftJoin(sidekiqUsers, and(eq(sidekiqUsers.sidekiqId, sidekiqs.id), eq(sidekiqUsers.userId, userId)))
    .where(and(sidekiqAccess.usable(userId), query ? matches(query) : known))
    .orderBy(sql`(${sidekiqs.visibility} <> 'public' or ${sidekiqs.ownerId} = ${userId}) desc`, sql`${sidekiqUsers.lastUsedAt} desc nulls last`, desc(sidekiqs.userCount), desc(sidekiqs.id))
    .limit(limit);
}

/**
 * A Sidekiq the user may use, with its current version. The instructions are left out for
 * those who may not read them (a public Sidekiq's visitors).
 */
export async function getSidekiq(db: Db, userId: string, sidekiqId: string) {
  const [row] = await db
    .select({
      ...summaryColumns,
      remixedFromId: sidekiqs.remixedFromId,
      currentVersion: sidekiqs.currentVersion,
      createdAt: sidekiqs.createdAt,
      authorName: user.name,
      teamName: organization.name,
      instructions: sidekiqVersions.instructions,
      starters: sidekiqVersions.starters,
      defaultModelId: sidekiqVersions.defaultModelId,
      ...rights(userId),
    })
    .from(sidekiqs)
    .innerJoin(user, eq(user.id, sidekiqs.ownerId))
    .innerJoin(sidekiqVersions, and(eq(sidekiqVersions.sidekiqId, sidekiqs.id), eq(sidekiqVersions.version, sidekiqs.currentVersion)))
    .leftJoin(organization, eq(organization.id, sidekiqs.teamId))
    .where(and(eq(sidekiqs.id, sidekiqId), sidekiqAccess.usable(userId)))
    .limit(1);
  if (!row) return undefined;
  const remixedFrom = row.remixedFromId ? await remixSource(db, userId, row.remixedFromId) : null;
  const { instructions, ...rest } = row;
  return { ...rest, instructions: row.canRead || row.canEdit ? instructions : null, remixedFrom };
}

export type SidekiqDetail = NonNullable<Awaited<ReturnType<typeof getSidekiq>>>;

/** "Remixed from": a link when the caller may still see the source, else just that it was. */
async function remixSource(db: Db, userId: string, id: string) {
  const [row] = await db
    .select({ id: sidekiqs.id, name: sidekiqs.name })
    .from(sidekiqs)
    .where(and(eq(sidekiqs.id, id), sidekiqAccess.usable(userId)))
    .limit(1);
  return row ?? { id: null, name: null };
}

/** Refuses a team the user is not in (400 naming the field: the team is unknown to them). */
async function assertTeamMember(db: Db, userId: string, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const [row] = await db
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.organizationId, teamId), eq(member.userId, userId)))
    .limit(1);
  if (!row) throw fieldError("teamId", "Unknown team.");
}

/** Why someone who may use a Sidekiq may not change it. */
export const EDITORS_ONLY = "Only this Sidekiq's author and its team's admins can do that.";

export function fieldError(field: string, message: string): AppError {
  return new AppError("BAD_REQUEST", { message, details: { issues: [{ path: [field], message }] } });
}

/** A new Sidekiq and its version 1, in one transaction. */
export async function createSidekiq(db: Db, userId: string, input: CreateSidekiqInput & { remixedFromId?: string | null }) {
  await assertTeamMember(db, userId, input.visibility === "team" ? input.teamId : null);
  const id = randomUUID();
  await withinQuota(db, userId, "sidekiqs", async (tx) => {
    await tx.insert(sidekiqs).values({
      id,
      ownerId: userId,
      name: input.name,
      description: input.description,
      avatarEmoji: input.avatarEmoji,
      avatarColor: input.avatarColor,
      visibility: input.visibility,
      teamId: input.visibility === "team" ? input.teamId : null,
      remixedFromId: input.remixedFromId ?? null,
      currentVersion: 1,
    });
    await tx.insert(sidekiqVersions).values({
      sidekiqId: id,
      version: 1,
      instructions: input.instructions,
      starters: input.starters,
      defaultModelId: input.defaultModelId,
      authorId: userId,
    });
  });
  return { id };
}

type VersionFields = { instructions: string; starters: string[]; defaultModelId: string | null };
const sameVersion = (a: VersionFields, b: VersionFields) =>
  a.instructions === b.instructions && a.defaultModelId === b.defaultModelId && JSON.stringify(a.starters) === JSON.stringify(b.starters);

/**
 * Edits a Sidekiq. A change to its instructions, starters or default model is a new version;
 * the rest (name, avatar, visibility) is not. One transaction, the row locked: two editors at
 * once make two versions, never one lost. Undefined when the caller may not even use it;
 * "forbidden" when they may use it but not edit it.
 */
export async function updateSidekiq(db: Db, userId: string, input: UpdateSidekiqInput): Promise<{ id: string; version: number } | undefined | "forbidden"> {
  const { sidekiqId, note, ...fields } = input;
  if (fields.teamId !== undefined && fields.visibility === undefined) throw fieldError("visibility", "Set the visibility together with the team.");
  if (fields.visibility === "team") await assertTeamMember(db, userId, fields.teamId);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ currentVersion: sidekiqs.currentVersion, ...rights(userId), usable: sql<boolean>`${sidekiqAccess.usable(userId)}`.as("usable") })
      .from(sidekiqs)
      .where(and(eq(sidekiqs.id, sidekiqId), isNull(sidekiqs.deletedAt)))
      .for("update")
      .limit(1);
    if (!row?.usable) return undefined;
    if (!row.canEdit) return "forbidden";
    const [current] = await tx
      .select()
      .from(sidekiqVersions)
      .where(and(eq(sidekiqVersions.sidekiqId, sidekiqId), eq(sidekiqVersions.version, row.currentVersion)));
    if (!current) throw new Error(`Sidekiq ${sidekiqId} has no version ${row.currentVersion}`);
    const next: VersionFields = {
      instructions: fields.instructions ?? current.instructions,
      starters: fields.starters ?? current.starters,
      defaultModelId: fields.defaultModelId !== undefined ? fields.defaultModelId : current.defaultModelId,
    };
    let version = row.currentVersion;
    if (!sameVersion(next, current)) {
      version = row.currentVersion + 1;
      await tx.insert(sidekiqVersions).values({ sidekiqId, version, ...next, note: note || null, authorId: userId });
    }
    await tx
      .update(sidekiqs)
      .set({
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.avatarEmoji !== undefined ? { avatarEmoji: fields.avatarEmoji } : {}),
        ...(fields.avatarColor !== undefined ? { avatarColor: fields.avatarColor } : {}),
        ...(fields.visibility !== undefined ? { visibility: fields.visibility, teamId: fields.visibility === "team" ? fields.teamId : null } : {}),
        currentVersion: version,
        updatedAt: new Date(),
      })
      .where(eq(sidekiqs.id, sidekiqId));
    return { id: sidekiqId, version };
  });
}

/** Deletes a Sidekiq for everyone; its threads stay readable and say it is gone. */
export async function deleteSidekiq(db: Db, userId: string, sidekiqId: string): Promise<{ id: string } | undefined | "forbidden"> {
  const may = await rightsOn(db, userId, sidekiqId);
  if (!may) return undefined;
  if (!may.canEdit) return "forbidden";
  await db.update(sidekiqs).set({ deletedAt: new Date() }).where(and(eq(sidekiqs.id, sidekiqId), sidekiqAccess.editable(userId)));
  return { id: sidekiqId };
}

/**
 * "Remix": the caller's own private copy of a Sidekiq they can use, remembering its source.
 * Instructions they may not read (a public Sidekiq's) are not copied: the copy starts without.
 */
export async function duplicateSidekiq(db: Db, userId: string, sidekiqId: string) {
  const source = await getSidekiq(db, userId, sidekiqId);
  if (!source) return undefined;
  const created = await createSidekiq(db, userId, {
    name: `${source.name} (remix)`.slice(0, 80),
    description: source.description,
    avatarEmoji: source.avatarEmoji,
    avatarColor: source.avatarColor,
    instructions: source.instructions ?? "",
    starters: source.starters,
    defaultModelId: source.defaultModelId,
    visibility: "private",
    teamId: null,
    remixedFromId: source.id,
  });
  return { ...created, instructionsCopied: source.instructions !== null };
}

/** Every version, newest first, for those who may edit the Sidekiq or read its instructions. */
export async function listVersions(db: Db, userId: string, sidekiqId: string) {
  const row = await rightsOn(db, userId, sidekiqId);
  if (!row) return undefined;
  if (!row.canRead && !row.canEdit) return "forbidden" as const;
  const items = await db
    .select({
      version: sidekiqVersions.version,
      instructions: sidekiqVersions.instructions,
      starters: sidekiqVersions.starters,
      defaultModelId: sidekiqVersions.defaultModelId,
      note: sidekiqVersions.note,
      createdAt: sidekiqVersions.createdAt,
      authorName: user.name,
    })
    .from(sidekiqVersions)
    .leftJoin(user, eq(user.id, sidekiqVersions.authorId))
    .where(eq(sidekiqVersions.sidekiqId, sidekiqId))
    .orderBy(desc(sidekiqVersions.version));
  return { currentVersion: row.currentVersion, items };
}

/** A new version equal to an old one. */
export async function restoreVersion(db: Db, userId: string, { sidekiqId, version }: { sidekiqId: string; version: number }) {
  const may = await rightsOn(db, userId, sidekiqId);
  if (!may) return undefined;
  if (!may.canEdit) return "forbidden" as const;
  const [old] = await db
    .select()
    .from(sidekiqVersions)
    .where(and(eq(sidekiqVersions.sidekiqId, sidekiqId), eq(sidekiqVersions.version, version)))
    .limit(1);
  if (!old) return undefined;
  return updateSidekiq(db, userId, {
    sidekiqId,
    instructions: old.instructions,
    starters: old.starters,
    defaultModelId: old.defaultModelId,
    note: `Restored version ${version}`,
  });
}

/** What a Sidekiq's replies cost, per day for the last 30 days and per version, for its editors. */
export async function sidekiqUsage(db: Db, userId: string, sidekiqId: string) {
  const may = await rightsOn(db, userId, sidekiqId);
  if (!may) return undefined;
  if (!may.canEdit) return "forbidden" as const;
  const since = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const totals = {
    threads: sql<number>`count(distinct ${messages.threadId})::int`,
    replies: sql<number>`count(*)::int`,
    inputTokens: sql<number>`coalesce(sum(${messages.inputTokens}), 0)::int`,
    outputTokens: sql<number>`coalesce(sum(${messages.outputTokens}), 0)::int`,
    cost: sql<number | null>`sum(${messages.cost})::float8`,
  };
  const day = sql<string>`to_char(date_trunc('day', ${messages.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const [daily, byVersion, [all]] = await Promise.all([
    db
      .select({ day, ...totals })
      .from(messages)
      .where(and(eq(messages.sidekiqId, sidekiqId), gte(messages.createdAt, since)))
      .groupBy(day)
      .orderBy(day),
    db
      .select({ version: messages.sidekiqVersion, ...totals })
      .from(messages)
      .where(eq(messages.sidekiqId, sidekiqId))
      .groupBy(messages.sidekiqVersion)
      .orderBy(desc(messages.sidekiqVersion)),
    db.select(totals).from(messages).where(eq(messages.sidekiqId, sidekiqId)),
  ]);
  return { totals: all!, daily: fillDays(daily, since), byVersion };
}

type DayTotals = { day: string; threads: number; replies: number; inputTokens: number; outputTokens: number; cost: number | null };

/** Every one of the last 30 days, with zeros where nothing happened: the chart's x axis. */
function fillDays(rows: DayTotals[], since: Date): DayTotals[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out: DayTotals[] = [];
  for (let d = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() + 1)); d <= new Date(); d = new Date(d.getTime() + 86_400_000)) {
    const key = d.toISOString().slice(0, 10);
    out.push(byDay.get(key) ?? { day: key, threads: 0, replies: 0, inputTokens: 0, outputTokens: 0, cost: null });
  }
  return out;
}

/** The Sidekiq a thread was started with, as its header shows it: or whether it is gone for this user. */
export async function threadSidekiq(db: Db, userId: string, threadId: string) {
  const [row] = await db
    .select({
      id: sidekiqs.id,
      name: sidekiqs.name,
      avatarEmoji: sidekiqs.avatarEmoji,
      avatarColor: sidekiqs.avatarColor,
      avatarImageVersion: sidekiqs.avatarImageVersion,
      available: sql<boolean>`${sidekiqAccess.usable(userId)}`.as("available"),
    })
    .from(threads)
    .innerJoin(sidekiqs, eq(sidekiqs.id, threads.sidekiqId))
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** "Continue without it": the thread goes on as a plain chat. */
export async function detachSidekiq(db: Db, userId: string, threadId: string) {
  const [row] = await db
    .update(threads)
    .set({ sidekiqId: null })
    .where(and(eq(threads.id, threadId), eq(threads.userId, userId)))
    .returning({ id: threads.id });
  return row;
}

export type { SidekiqVisibility };
