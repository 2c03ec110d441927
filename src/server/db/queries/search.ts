import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { MARK_END, MARK_START, type SearchFilters } from "@/lib/schemas/search";
import type { Db } from "../client";
import { AppError } from "@/server/errors";
import { rowsOf } from "../raw";

/**
 * Search over the user's thread titles and message text, in the database: each text has a
 * generated `search_vector` (its words as written and as English stems) with a GIN index.
 *
 * A query's words must all match (in any order, on any branch). Each word matches as written or
 * as its English stem; the last one also as a prefix (search as you type); and a word no message
 * has ever had (a typo) also matches the known words most like it (`search_words`, trigrams).
 */

export type SearchItem = {
  threadId: string;
  /** The matched message; null when the thread's title matched. */
  messageId: string | null;
  title: string | null;
  /** Text around the matched words, which are between MARK_START and MARK_END. */
  snippet: string;
  /** ISO 8601: when the message (or, for a title, the thread) was written. */
  createdAt: string;
};

export type SearchPage = { items: SearchItem[]; nextCursor: string | null };

/** How many words of a query count; the rest are ignored. */
const MAX_WORDS = 8;
/** A typo's stand-ins: the known words at least this similar, the closest few. */
const TYPO_SIMILARITY = 0.4;
const TYPO_ALTERNATIVES = 3;
/** A title that matches outranks a message with the same words. */
const TITLE_WEIGHT = 2;
/**
 * Ranked among the newest this many matching messages: a word in a third of a million messages
 * would otherwise have every one of them read and ranked for its first page (565 ms at 100,000
 * messages on PGlite, against 12 ms for a rare word). Newest first, the database walks the date
 * index and stops once it has these; a rare word's matches are all of them anyway.
 */
export const SEARCH_CANDIDATES = 1_000;

/** The words of a query, as the search reads them (letters, digits and the joiners of identifiers). */
export function queryWords(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}_][\p{L}\p{N}_.:'-]*/gu) ?? []).map((w) => w.replace(/[.:'-]+$/, "")).filter(Boolean).slice(0, MAX_WORDS);
}

/** One word as a tsquery: as written, as an English stem, a prefix when it is the last, and its typo stand-ins. */
function wordQuery(word: string, last: boolean): SQL {
  const asWritten = last && word.length >= 2 ? sql`to_tsquery('simple', quote_literal(${word}) || ':*')` : sql`plainto_tsquery('simple', ${word})`;
  const typo = /^[\p{L}\p{N}]{3,}$/u.test(word)
    ? sql` || coalesce((
        select to_tsquery('simple', string_agg(quote_literal(a.word), ' | '))
        from (
          select w.word from search_words w
          where w.word % ${word} and similarity(w.word, ${word}) >= ${TYPO_SIMILARITY}
            and not exists (select 1 from search_words k where k.word = ${word})
          order by w.word <-> ${word} limit ${TYPO_ALTERNATIVES}
        ) a), ''::tsquery)`
    : sql``;
  return sql`(${asWritten} || plainto_tsquery('english', ${word})${typo})`;
}

/** The lexemes of a tsquery's text (`'word' | 'stem':*`): a prefix ends in `*`. */
export function lexemesOf(tsquery: string): string[] {
  return [...tsquery.matchAll(/'((?:[^']|'')+)'(:\*)?/g)].map((m) => m[1]!.replace(/''/g, "'") + (m[2] ? "*" : ""));
}

/** A prefix shorter than this is taken as common: many rare words together can be a common prefix. */
const RARE_PREFIX_MIN = 4;

/**
 * Whether a query has a word whose every lexeme is missing from the statistics' common ones
 * (`common`, null when the table has none): its matches are then fewer than the least common of
 * those, and reading them all off the GIN index beats walking the date index for the newest.
 * The planner can't tell: it estimates a lexeme it has no figure for at half the least common's
 * share (9,973 of 1,000,000 messages for a word in 20 of them), and walked the whole date index
 * looking for the 1,000 newest (738 ms, against 6 ms off the GIN index, on the bench's library).
 */
export function rareWordIn(words: readonly string[], common: ReadonlySet<string> | null): boolean {
  if (!common) return false;
  const known = (lexeme: string) => {
    if (!lexeme.endsWith("*")) return common.has(lexeme);
    const prefix = lexeme.slice(0, -1);
    if (prefix.length < RARE_PREFIX_MIN) return true;
    for (const c of common) if (c.startsWith(prefix)) return true;
    return false;
  };
  return words.some((w) => {
    const lexemes = lexemesOf(w);
    return lexemes.length > 0 && !lexemes.some(known);
  });
}

/** How long the statistics' common lexemes are kept: ANALYZE (autovacuum) changes them slowly. */
const COMMON_TTL_MS = 5 * 60_000;
const commonCache = new WeakMap<Db, { at: number; common: Promise<ReadonlySet<string> | null> }>();

/** The common lexemes of the messages' search vectors, from the statistics (`pg_stats.most_common_elems`). */
export function commonLexemes(db: Db, { fresh = false }: { fresh?: boolean } = {}): Promise<ReadonlySet<string> | null> {
  const hit = commonCache.get(db);
  if (hit && !fresh && performance.now() - hit.at < COMMON_TTL_MS) return hit.common;
  const common = rowsOf(
    db,
    sql`select most_common_elems::text::text[] as elems from pg_stats
        where schemaname = current_schema() and tablename = 'messages' and attname = 'search_vector'`,
  ).then(
    ([row]) => (Array.isArray(row?.elems) ? new Set(row.elems as string[]) : null),
    () => null,
  );
  commonCache.set(db, { at: performance.now(), common });
  return common;
}

type Cursor = { rank: number; createdAt: string; key: string };

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.rank, c.createdAt, c.key])).toString("base64url");

function decodeCursor(s: string): Cursor | undefined {
  try {
    const [rank, createdAt, key] = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as unknown[];
    if (typeof rank !== "number" || typeof createdAt !== "string" || typeof key !== "string" || !/^\d{4}-\d\d-\d\d[ T][\d:.+-]+$/.test(createdAt)) return undefined;
    return { rank, createdAt, key };
  } catch {
    return undefined;
  }
}

/** The filters on the thread (t), and on the item's own date (`at`). */
function filtersOf(f: SearchFilters | undefined, at: SQL): SQL {
  if (!f) return sql``;
  const parts: SQL[] = [];
  if (f.pinned !== undefined) parts.push(sql`and t.is_pinned = ${f.pinned}`);
  if (f.archived !== undefined) parts.push(sql`and t.is_archived = ${f.archived}`);
  if (f.modelId) parts.push(sql`and t.model_id = ${f.modelId}`);
  if (f.sidekiqId) parts.push(sql`and t.sidekiq_id = ${f.sidekiqId}`);
  if (f.folderId) parts.push(sql`and t.folder_id = ${f.folderId}`);
  if (f.from) parts.push(sql`and ${at} >= ${f.from}::timestamptz`);
  if (f.to) parts.push(sql`and ${at} <= ${f.to}::timestamptz`);
  return sql.join(parts, sql` `);
}

const HEADLINE = `StartSel="${MARK_START}", StopSel="${MARK_END}", MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;
/** The text with any marker characters taken out, so that only ts_headline's marks are marks. */
const unmarked = (column: SQL) => sql`translate(${column}, ${MARK_START + MARK_END}, '')`;

/**
 * A page of matches, best first (rank, then newest, then a stable key), by keyset: the cursor is
 * the last item's rank, date and key. Messages are ranked among the newest SEARCH_CANDIDATES that
 * match. Only the user's own threads are read, ever.
 */
export async function searchThreads(
  db: Db,
  { userId, query, limit, cursor, filters }: { userId: string; query: string; limit: number; cursor?: string; filters?: SearchFilters },
): Promise<SearchPage> {
  const words = queryWords(query);
  if (words.length === 0) return { items: [], nextCursor: null };
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) throw new AppError("BAD_REQUEST", { message: "That is not a cursor of this search.", details: { issues: [{ path: ["cursor"], message: "not a cursor" }] } });
  // The query first, as a value: planned with it, the statement below reads a common word's newest
  // matches off the date index and a rare word's off the GIN index. Each word's part comes too, to
  // tell whether the statistics know it (rareWordIn).
  const [built] = await rowsOf(
    db,
    sql`with w as (select array[${sql.join(
      words.map((w, i) => wordQuery(w, i === words.length - 1)),
      sql`, `,
    )}]::tsquery[] as ws)
      select (${sql.raw(words.map((_, i) => `ws[${i + 1}]`).join(" && "))})::text as q, ws::text[] as words from w`,
  );
  const q = (built?.q as string | undefined) ?? "";
  if (q === "") return { items: [], nextCursor: null };
  // Its newest matches in the order of an expression, which the date index can't give: the
  // planner then reads them all off the GIN index and sorts them. See rareWordIn for when.
  const rare = rareWordIn(Array.isArray(built?.words) ? (built.words as string[]) : [], await commonLexemes(db));
  const newestFirst = rare ? sql`m.created_at + interval '0 seconds' desc` : sql`m.created_at desc`;
  const rows = await rowsOf(
    db,
    sql`with q as (select ${q}::tsquery as q),
      candidates as (
        select m.id, m.thread_id, m.created_at, m.search_vector
        from messages m join threads t on t.id = m.thread_id
        where m.search_vector @@ ${q}::tsquery and t.user_id = ${userId} and m.status <> 'streaming' and m.role <> 'system'
          ${filtersOf(filters, sql`m.created_at`)}
        order by ${newestFirst}
        limit ${SEARCH_CANDIDATES}
      ),
      hits as (
        select c.id as message_id, c.thread_id, c.created_at, ts_rank_cd(c.search_vector, q.q) as rank, c.id as key
        from candidates c, q
        union all
        select null, t.id, t.created_at, ts_rank_cd(t.search_vector, q.q) * ${TITLE_WEIGHT}, 'thread:' || t.id
        from q, threads t
        where t.search_vector @@ ${q}::tsquery and t.user_id = ${userId}
          ${filtersOf(filters, sql`t.created_at`)}
      ),
      page as (
        select * from hits
        ${after ? sql`where (rank, created_at, key) < (${after.rank}::real, ${after.createdAt}::timestamptz, ${after.key})` : sql``}
        order by rank desc, created_at desc, key desc
        limit ${limit + 1}
      )
      select p.message_id, p.thread_id, p.created_at, p.created_at::text as at, p.rank, p.key, t.title,
             ts_headline('english', ${unmarked(sql`coalesce(m.text, t.title, '')`)}, q.q, ${HEADLINE}) as snippet
      from page p cross join q join threads t on t.id = p.thread_id left join messages m on m.id = p.message_id
      order by p.rank desc, p.created_at desc, p.key desc`,
    { prepare: false },
  );
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const items = page.map((r) => ({
    threadId: r.thread_id as string,
    messageId: (r.message_id as string | null) ?? null,
    title: (r.title as string | null) ?? null,
    snippet: r.snippet as string,
    createdAt: new Date(r.created_at as string | Date).toISOString(),
  }));
  const last = page.at(-1);
  const nextCursor = more && last ? encodeCursor({ rank: Number(last.rank), createdAt: last.at as string, key: last.key as string }) : null;
  return { items, nextCursor };
}
