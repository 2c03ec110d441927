import "server-only";
import type { UIMessage } from "ai";
import { sql } from "drizzle-orm";
import { type MessageStatus, REPLY_ERRORS } from "@/lib/chat/message";
import { estimatedTokensSql } from "@/server/chat/context-window";
import type { HistoryRow } from "@/server/chat/to-model-messages";
import { causesOf } from "@/server/errors";
import type { Db } from "../client";
import { type RawRow, rowsOf } from "../raw";
import { sidekiqAccess } from "./sidekiqs";

/**
 * The statements of a turn: prepare (both rows and the history in one statement), checkpoint,
 * finish, stop and sweep. Each is one round trip; the owner is in every `where`.
 */

/** The Sidekiq a turn is answered with: the version current when the turn was prepared. */
export type TurnSidekiq = { id: string; version: number; instructions: string };

export type PreparedTurn = {
  threadId: string;
  title: string | null;
  sidekiq: TurnSidekiq | null;
  userMessageId: string;
  replyId: string;
  replyCreatedAt: Date;
  /**
   * The chain of ancestors of the reply, oldest first, ending with the user message it answers:
   * the most recent part of it that fits the model's context window, starting with a user message.
   */
  history: HistoryRow[];
  /** How many of the oldest messages on the path did not fit, and are not in the history. */
  contextOmitted: number;
};

/** The message the model would answer is larger than its context window (after the instructions). */
export type TooLong = { tooLong: true; tokens: number; budget: number };

/**
 * Why a turn could not be prepared: no such thread of the user's (or, for a new one, no such
 * Sidekiq they may use; or no such message in the thread to follow or answer again), a repeat of
 * a saved message, another reply still streaming, a Sidekiq other than the thread's, a thread
 * whose Sidekiq the user may no longer use, or a parent that is a reply still streaming or not a
 * reply at all (a user message follows a reply, or starts the thread).
 */
export type PrepareRefusal = "not-found" | "duplicate" | "busy" | "sidekiq-mismatch" | "sidekiq-unavailable" | "parent-streaming" | "parent-not-a-reply";

type Row = RawRow;

const STREAMING_INDEX = "messages_one_streaming_per_thread_uq";

/** A unique violation of the one-streaming-reply-per-thread index, from either driver. */
function isBusy(error: unknown): boolean {
  for (const e of causesOf(error)) {
    const err = e as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (err.code === "23505" && (err.constraint_name === STREAMING_INDEX || err.constraint === STREAMING_INDEX || err.message?.includes(STREAMING_INDEX))) return true;
  }
  return false;
}

const tokensOf = (alias: string) => estimatedTokensSql(sql.raw(`${alias}.text`));

/**
 * The tokens the history may take: the model's input budget less the Sidekiq's instructions (read
 * in the same statement, so they are as the turn sends them).
 */
const budgetOf = (inputBudget: number) => sql`
  budget as (select ${inputBudget}::int - coalesce((select ${estimatedTokensSql(sql.raw("sk.instructions"))} from sk), 0) as tokens)`;

/**
 * What may be on the path up from `start` that fits the budget: the messages of the thread whose
 * ancestors hold between the start's tokens (its own included) less the budget and that, which
 * are the start and its ancestors that fit, and the messages of other branches in the same range.
 * One range of an index (walked one primary-key lookup per ancestor, a 600-message history took
 * about 4 ms in PostgreSQL, the range 0.6 ms); the path itself is picked out by walkChain. `used`
 * starts at what the turn adds besides (the new message of a send).
 */
const chainOf = (threadId: string, used = 0) => sql`
  top as (select m.prefix_tokens + ${tokensOf("m")} as tokens from messages m join start on m.id = start.id where m.thread_id = ${threadId}),
  chain as (
    select m.id, m.parent_message_id, m.role, m.text, m.status, m.depth, ${tokensOf("m")} as tokens
    from messages m, top
    where m.thread_id = ${threadId} and m.prefix_tokens >= top.tokens - ((select tokens from budget) - ${used}::int) and m.prefix_tokens < top.tokens
  )`;

type ChainRow = HistoryRow & { parentId: string | null; depth: number; tokens: number };

/**
 * The path up from `start` through the rows of chainOf, for as long as it fits, oldest first.
 * A parent not among them does not fit, since its child's count holds it (as it was when the
 * child was written; a text only grows after, so this never sends more than fits).
 */
function walkChain(rows: Row[], startId: string | null, budget: number): ChainRow[] {
  const byId = new Map<string, ChainRow>();
  for (const r of rows) {
    if (r.h_id == null) continue;
    byId.set(r.h_id as string, {
      id: r.h_id as string,
      role: r.h_role as HistoryRow["role"],
      text: r.h_text as string,
      status: r.h_status as HistoryRow["status"],
      parentId: (r.h_parent as string | null) ?? null,
      depth: Number(r.h_depth),
      tokens: Number(r.h_tokens),
    });
  }
  const chain: ChainRow[] = [];
  let used = 0;
  for (let m = startId == null ? undefined : byId.get(startId); m && used + m.tokens <= budget; m = m.parentId == null ? undefined : byId.get(m.parentId)) {
    used += m.tokens;
    chain.push(m);
  }
  return chain.reverse();
}

/** The turn's own columns that come from the history's CTEs, in `head`. */
const chainColumns = sql`(select tokens from budget) as history_budget, (select id from start) as h_start`;

/**
 * The statement's rows: `head` (the turn's own columns, as one JSON object), then the history's
 * candidates, each in seven columns. Built as one JSON value, a 600-message history took 4-5 ms
 * more in PostgreSQL than as rows (json_build_object and json_agg, measured on their own); with
 * the turn's 16 columns on each row beside them, the driver took about 3 ms to read the rows.
 */
const withHistory = sql`
    select row_to_json(h) as head, null::text as h_id, null::text as h_parent, null::text as h_role, null::text as h_text, null::text as h_status, null::int as h_depth, null::int as h_tokens from head h
    union all
    select null, c.id, c.parent_message_id, c.role, c.text, c.status, c.depth, c.tokens from chain c`;

/** The turn's own columns among the statement's rows (none when it had none). */
const headOf = (rows: Row[]): Row | undefined => rows.find((r) => r.head != null)?.head as Row | undefined;

/**
 * The thread's Sidekiq and its current version, when the user may use it (read in the same
 * statement as the rest of the turn: a Sidekiq adds no round trip before the model call).
 */
const sidekiqOf = (userId: string) => sql`
  sk as (
    select s.id, s.current_version as version, v.instructions
    from thread t
    join sidekiqs s on s.id = t.sidekiq_id
    join sidekiq_versions v on v.sidekiq_id = s.id and v.version = s.current_version
    where ${sidekiqAccess.usable(userId, sql`s`)}
  )`;

const sidekiqColumns = sql`(select id from sk) as sk_id, (select version from sk) as sk_version, (select instructions from sk) as sk_instructions`;

/** Refusals that depend on the thread's Sidekiq, checked before anything else about the row. */
function sidekiqRefusal(row: Row, requested?: string | null): PrepareRefusal | undefined {
  if (requested != null && row.sidekiq_id !== requested) return "sidekiq-mismatch";
  if (row.sidekiq_id != null && row.sk_id == null) return "sidekiq-unavailable";
  return undefined;
}

/**
 * The turn as prepared. `firstDepth` is the depth of the first message sent when the chain read
 * none (a send whose parent did not fit). A history that was cut starts with a user message, as
 * every provider wants: replies left at its head are dropped, and counted as left out.
 */
function toPrepared(row: Row, rows: Row[], extra: HistoryRow[] = [], firstDepth = 0, used = 0): PreparedTurn {
  const chain = walkChain(rows, (row.h_start as string | null) ?? null, Number(row.history_budget) - used);
  const history: HistoryRow[] = chain.map(({ id, role, text, status }) => ({ id, role, text, status }));
  history.push(...extra);
  let contextOmitted = chain.length === 0 ? firstDepth : chain[0]!.depth;
  if (contextOmitted > 0) {
    const firstUser = history.findIndex((m) => m.role === "user");
    history.splice(0, firstUser);
    contextOmitted += firstUser;
  }
  return {
    threadId: row.thread_id as string,
    title: (row.title as string | null) ?? null,
    sidekiq: row.sk_id ? { id: row.sk_id as string, version: Number(row.sk_version), instructions: row.sk_instructions as string } : null,
    userMessageId: row.user_message_id as string,
    replyId: row.reply_id as string,
    replyCreatedAt: new Date(row.reply_created_at as string | Date),
    history,
    contextOmitted,
  };
}

export type PrepareSendParams = {
  userId: string;
  threadId: string;
  modelId: string;
  userMessageId: string;
  replyId: string;
  /** The Sidekiq a new thread is started with; an existing thread keeps its own. */
  sidekiqId?: string | null;
  /**
   * The message the new one follows: absent, the thread's active leaf; null, none (a new first
   * message, an edit of the first); an id, that reply (an edit of the message after it).
   */
  parentMessageId?: string | null;
  message: { parts: UIMessage["parts"]; text: string; clientMessageId: string };
  /** Tokens the history, the instructions and the new message may take (see planContext). */
  inputBudget: number;
  /** The new message's estimated tokens. */
  messageTokens: number;
};

/**
 * One statement: the thread (made when the id is new, with its Sidekiq if the user may use it,
 * else checked to be the user's), the thread's Sidekiq and its current version, the user's
 * message after its parent (the active leaf unless named), the reply as `streaming` and the
 * thread's new active leaf, the counters, and the history (the chain of the parent's
 * ancestors). A repeat of a saved message writes nothing, nor does a send with a Sidekiq the
 * user may not use or after a parent that is not a finished reply in the thread; a second reply
 * streaming in a thread, on any branch, is refused by the database.
 */
export async function prepareSendTurn(db: Db, p: PrepareSendParams): Promise<PreparedTurn | PrepareRefusal | TooLong> {
  const sidekiqId = p.sidekiqId ?? null;
  const named = typeof p.parentMessageId === "string" ? p.parentMessageId : undefined;
  // The parent: the leaf, nothing (a first message), or a named reply of this thread (checked).
  const parentOf = named !== undefined ? sql`(select id from parent)` : p.parentMessageId === null ? sql`null::text` : sql`t.leaf_message_id`;
  const query = sql`
    with recursive
    new_budget as (
      select ${p.inputBudget}::int - coalesce((
        select ${estimatedTokensSql(sql.raw("v.instructions"))} from sidekiqs s join sidekiq_versions v on v.sidekiq_id = s.id and v.version = s.current_version
        where s.id = ${sidekiqId}::text), 0) as tokens
    ),
    ${
      // Only a send after the leaf or at the root may start a thread: a named parent is in one already.
      named === undefined
        ? sql`created as (
      insert into threads (id, user_id, model_id, sidekiq_id, message_count, leaf_message_id, last_activity_at)
      select ${p.threadId}, ${p.userId}, ${p.modelId}, ${sidekiqId}::text, 2, ${p.replyId}, now()
      where (${sidekiqId}::text is null or exists (select 1 from sidekiqs s where s.id = ${sidekiqId}::text and ${sidekiqAccess.usable(p.userId, sql`s`)}))
        -- A first message too long for the window (with the Sidekiq's instructions) starts nothing.
        and ${p.messageTokens}::int <= (select tokens from new_budget)
      on conflict (id) do nothing
      returning id, title, sidekiq_id, null::text as leaf_message_id
    ),`
        : sql`created as (select null::text as id, null::text as title, null::text as sidekiq_id, null::text as leaf_message_id where false),`
    }
    existing as (
      select id, title, sidekiq_id, leaf_message_id from threads where id = ${p.threadId} and user_id = ${p.userId}
    ),
    thread as (select * from created union all select * from existing),
    parent as (
      select m.id, m.role, m.status from messages m
      where m.id = ${named ?? null}::text and m.thread_id = ${p.threadId} and exists (select 1 from existing)
    ),
    ${sidekiqOf(p.userId)},
    ${budgetOf(p.inputBudget)},
    allowed as (
      select t.*, ${parentOf} as parent_id, coalesce((select pm.depth + 1 from messages pm where pm.id = ${parentOf} and pm.thread_id = t.id), 0) as depth
      from thread t
      where (t.sidekiq_id is null or exists (select 1 from sk))
        and ${p.messageTokens}::int <= (select tokens from budget)
        and (${sidekiqId}::text is null or t.sidekiq_id = ${sidekiqId}::text)
        ${named !== undefined ? sql`and exists (select 1 from parent where role = 'assistant' and status <> 'streaming')` : sql``}
    ),
    user_message as (
      insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, model_id, client_message_id, created_at)
      select ${p.userMessageId}, t.id, t.parent_id, t.depth, 'user', ${JSON.stringify(p.message.parts)}::jsonb, ${p.message.text}, 'complete', ${p.modelId}, ${p.message.clientMessageId}, clock_timestamp()
      from allowed t
      on conflict (thread_id, client_message_id) do nothing
      returning id, depth, created_at
    ),
    reply as (
      insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, model_id, sidekiq_id, sidekiq_version, heartbeat_at, viewed_at, created_at)
      select ${p.replyId}, ${p.threadId}, u.id, u.depth + 1, 'assistant', '[]'::jsonb, '', 'streaming', ${p.modelId}, (select id from sk), (select version from sk), now(), now(),
             greatest(clock_timestamp(), u.created_at + interval '1 microsecond')
      from user_message u
      returning id, created_at
    ),
    counted as (
      update threads set message_count = message_count + 2, leaf_message_id = ${p.replyId}, model_id = ${p.modelId}, last_activity_at = (select created_at from reply)
      where id = ${p.threadId} and user_id = ${p.userId} and exists (select 1 from reply)
      returning id
    ),
    -- A chat started with a Sidekiq: one more person using it (the first time), and its last use.
    first_use as (
      insert into sidekiq_users (sidekiq_id, user_id, last_used_at)
      select sk.id, ${p.userId}, now() from sk where exists (select 1 from created) and exists (select 1 from reply)
      on conflict (sidekiq_id, user_id) do update set last_used_at = excluded.last_used_at
      returning (xmax = 0) as is_new
    ),
    used as (
      update sidekiqs set last_used_at = now(), user_count = user_count + (select count(*) from first_use where is_new)
      where id = (select id from sk) and exists (select 1 from first_use)
      returning id
    ),
    start as (select parent_id as id from allowed),
    ${chainOf(p.threadId, p.messageTokens)},
    head as (
    select t.id as thread_id, t.title, t.sidekiq_id, (select id from user_message) as user_message_id, (select id from reply) as reply_id,
           (select created_at from reply) as reply_created_at, (select depth from user_message) as user_depth,
           (select role from parent) as parent_role, (select status from parent) as parent_status,
           (select tokens from new_budget) as new_budget, ${sidekiqColumns}, ${chainColumns}
    from (select 1) as one left join thread t on true
    )
    ${withHistory}`;
  let rows: Row[];
  try {
    rows = await rowsOf(db, query);
    // A thread made by a request that raced this one (a double submit of a new chat) is not in
    // this statement's snapshot: ask once more before calling it someone else's.
    const first = headOf(rows);
    if (!first?.thread_id && named === undefined && p.messageTokens <= Number(first?.new_budget)) rows = await rowsOf(db, query);
  } catch (error) {
    if (isBusy(error)) return "busy";
    throw error;
  }
  const row = headOf(rows);
  if (!row?.thread_id) {
    // No thread of the user's: none was started, because the first message was too long.
    if (row && named === undefined && p.messageTokens > Number(row.new_budget)) return { tooLong: true, tokens: p.messageTokens, budget: Number(row.new_budget) };
    return "not-found";
  }
  const refusal = sidekiqRefusal(row, sidekiqId);
  if (refusal) return refusal;
  const budget = Number(row.history_budget);
  if (!row.reply_id && p.messageTokens > budget) return { tooLong: true, tokens: p.messageTokens, budget };
  if (named !== undefined && !row.reply_id) {
    if (row.parent_role == null) return "not-found";
    if (row.parent_role !== "assistant") return "parent-not-a-reply";
    if (row.parent_status === "streaming") return "parent-streaming";
  }
  if (!row.reply_id) return "duplicate";
  const userMessage: HistoryRow = { id: p.userMessageId, role: "user", text: p.message.text, status: "complete" };
  return toPrepared(row, rows, [userMessage], Number(row.user_depth), p.messageTokens);
}

/**
 * Another reply to a user message of the thread (by default the active leaf's: the leaf itself,
 * or the one the leaf answers), as a sibling of its other replies: nothing is replaced, failed,
 * stopped and interrupted replies included. The new reply becomes the active leaf.
 */
export async function prepareRegenerateTurn(
  db: Db,
  p: { userId: string; threadId: string; modelId: string; replyId: string; userMessageId?: string; inputBudget: number },
): Promise<PreparedTurn | PrepareRefusal | TooLong | "nothing-to-retry"> {
  const target =
    p.userMessageId !== undefined
      ? sql`select m.id from messages m join thread t on t.id = m.thread_id where m.id = ${p.userMessageId} and m.role = 'user'`
      : sql`select case when l.role = 'user' then l.id else l.parent_message_id end as id from leaf l`;
  const query = sql`
    with recursive
    thread as (select id, title, sidekiq_id, leaf_message_id from threads where id = ${p.threadId} and user_id = ${p.userId}),
    ${sidekiqOf(p.userId)},
    ${budgetOf(p.inputBudget)},
    leaf as (select m.id, m.role, m.status, m.parent_message_id from messages m join thread t on m.id = t.leaf_message_id where m.thread_id = ${p.threadId}),
    wanted as (
      select tg.id, m.depth, ${tokensOf("m")} as tokens from (${target}) tg join messages m on m.id = tg.id and m.thread_id = ${p.threadId}
    ),
    target as (
      select w.id, w.depth from wanted w
      where w.tokens <= (select tokens from budget) and (not exists (select 1 from thread where sidekiq_id is not null) or exists (select 1 from sk))
    ),
    reply as (
      insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, model_id, sidekiq_id, sidekiq_version, heartbeat_at, viewed_at, created_at)
      select ${p.replyId}, ${p.threadId}, tg.id, tg.depth + 1, 'assistant', '[]'::jsonb, '', 'streaming', ${p.modelId}, (select id from sk), (select version from sk), now(), now(), clock_timestamp()
      from target tg
      returning id, created_at
    ),
    counted as (
      update threads set message_count = message_count + 1, leaf_message_id = ${p.replyId}, model_id = ${p.modelId}, last_activity_at = (select created_at from reply)
      where id = ${p.threadId} and user_id = ${p.userId} and exists (select 1 from reply)
      returning id
    ),
    start as (select id from target),
    ${chainOf(p.threadId)},
    head as (
    select t.id as thread_id, t.title, t.sidekiq_id, (select id from target) as user_message_id, (select id from reply) as reply_id,
           (select created_at from reply) as reply_created_at, (select count(*) from leaf) as has_leaf, (select tokens from wanted) as wanted_tokens,
           ${sidekiqColumns}, ${chainColumns}
    from thread t
    )
    ${withHistory}`;
  let rows: Row[];
  try {
    rows = await rowsOf(db, query);
  } catch (error) {
    if (isBusy(error)) return "busy";
    throw error;
  }
  const row = headOf(rows);
  if (!row) return "not-found";
  const refusal = sidekiqRefusal(row);
  if (refusal) return refusal;
  const budget = Number(row.history_budget);
  if (!row.reply_id && row.wanted_tokens != null && Number(row.wanted_tokens) > budget) return { tooLong: true, tokens: Number(row.wanted_tokens), budget };
  if (!row.reply_id) return p.userMessageId !== undefined ? "not-found" : "nothing-to-retry";
  return toPrepared(row, rows);
}

export type Checkpoint = { id: string; parts?: UIMessage["parts"]; text?: string };

/**
 * Every live reply of this process in one statement: the parts of those that changed since the
 * last one, and a heartbeat for all. Returns the replies still streaming, and which of them a
 * Stop was asked for.
 */
export async function saveCheckpoints(db: Db, checkpoints: Checkpoint[]): Promise<{ id: string; stop: boolean }[]> {
  if (checkpoints.length === 0) return [];
  const values = JSON.stringify(checkpoints.map((c) => ({ id: c.id, parts: c.parts ?? null, text: c.text ?? null })));
  const rows = await rowsOf(
    db,
    sql`update messages as m
        set parts = coalesce(v.parts, m.parts), text = coalesce(v.text, m.text), heartbeat_at = now()
        from jsonb_to_recordset(${values}::jsonb) as v(id text, parts jsonb, text text)
        where m.id = v.id and m.status = 'streaming'
        returning m.id, m.stop_requested_at is not null as stop`,
  );
  return rows.map((r) => ({ id: r.id as string, stop: r.stop === true }));
}

export type FinishReplyParams = {
  id: string;
  parts: UIMessage["parts"];
  text: string;
  status: Exclude<MessageStatus, "streaming">;
  finishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
  error: string | null;
  /** Messages of the path the model was not sent (they did not fit its window); null when none. */
  contextOmitted?: number | null;
};

/**
 * The reply's final parts, usage and status, and the thread's activity. A reply the sweeper
 * took for dead (its writer was cut off from the database longer than the lease) is still
 * finished by its writer: the whole reply beats the checkpoint.
 */
export async function finishReply(db: Db, p: FinishReplyParams): Promise<boolean> {
  const rows = await rowsOf(
    db,
    sql`with done as (
          update messages
          set parts = ${JSON.stringify(p.parts)}::jsonb, text = ${p.text}, status = ${p.status}, finish_reason = ${p.finishReason},
              input_tokens = ${p.inputTokens}, output_tokens = ${p.outputTokens}, cost = ${p.cost}, error = ${p.error}, context_omitted = ${p.contextOmitted ?? null},
              heartbeat_at = null, stop_requested_at = null
          where id = ${p.id} and status in ('streaming', 'interrupted')
          returning thread_id
        ),
        touched as (
          update threads set last_activity_at = greatest(last_activity_at, now()) where id in (select thread_id from done) returning id
        )
        select thread_id from done`,
  );
  return rows.length === 1;
}

/** Asks the reply streaming in the user's thread to stop. Returns its id, or undefined when nothing of theirs is streaming there. */
export async function requestStop(db: Db, { userId, threadId }: { userId: string; threadId: string }): Promise<string | undefined> {
  const rows = await rowsOf(
    db,
    sql`update messages as m set stop_requested_at = coalesce(m.stop_requested_at, now())
        from threads t
        where t.id = ${threadId} and t.user_id = ${userId} and m.thread_id = t.id and m.status = 'streaming'
        returning m.id`,
  );
  return rows[0]?.id as string | undefined;
}

/**
 * Marks streaming replies whose heartbeat is older than the lease as interrupted, keeping the
 * text of their last checkpoint. Safe to run from any number of instances at once.
 */
export async function sweepExpiredReplies(db: Db, { leaseMs, id, except = [] }: { leaseMs: number; id?: string; except?: string[] }): Promise<{ id: string; threadId: string }[]> {
  const rows = await rowsOf(
    db,
    sql`update messages set status = 'interrupted', error = ${REPLY_ERRORS.interrupted}, heartbeat_at = null
        where status = 'streaming' and heartbeat_at < now() - make_interval(secs => ${leaseMs / 1000})
        ${id ? sql`and id = ${id}` : sql``}
        ${except.length ? sql`and id <> all(${`{${except.join(",")}}`}::text[])` : sql``}
        returning id, thread_id`,
  );
  return rows.map((r) => ({ id: r.id as string, threadId: r.thread_id as string }));
}

export type StreamingReply = { id: string; parts: UIMessage["parts"]; modelId: string | null; createdAt: Date; expired: boolean };

/**
 * The user's thread and the reply streaming in it: undefined when the thread is not theirs,
 * `null` when nothing is streaming there.
 */
export async function getStreamingReply(db: Db, { userId, threadId, leaseMs }: { userId: string; threadId: string; leaseMs: number }): Promise<StreamingReply | null | undefined> {
  const rows = await rowsOf(
    db,
    sql`select m.id, m.parts, m.model_id, m.created_at, m.heartbeat_at < now() - make_interval(secs => ${leaseMs / 1000}) as expired
        from threads t left join messages m on m.thread_id = t.id and m.status = 'streaming'
        where t.id = ${threadId} and t.user_id = ${userId}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  if (!row.id) return null;
  return toStreamingReply(row);
}

function toStreamingReply(row: Row): StreamingReply {
  const parts = (typeof row.parts === "string" ? JSON.parse(row.parts) : row.parts) as UIMessage["parts"];
  return { id: row.id as string, parts, modelId: (row.model_id as string | null) ?? null, createdAt: new Date(row.created_at as string | Date), expired: row.expired === true };
}

export type ReplyState = { parts: UIMessage["parts"]; status: MessageStatus; error: string | null; inputTokens: number | null; outputTokens: number | null; expired: boolean };

/** A reply's stored parts and status, for a resumer following it through the database. */
export async function getReplyState(db: Db, { id, leaseMs }: { id: string; leaseMs: number }): Promise<ReplyState | undefined> {
  const rows = await rowsOf(
    db,
    sql`select parts, status, error, input_tokens, output_tokens, coalesce(heartbeat_at < now() - make_interval(secs => ${leaseMs / 1000}), false) as expired
        from messages where id = ${id}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    parts: (typeof row.parts === "string" ? JSON.parse(row.parts) : row.parts) as UIMessage["parts"],
    status: row.status as MessageStatus,
    error: (row.error as string | null) ?? null,
    inputTokens: (row.input_tokens as number | null) ?? null,
    outputTokens: (row.output_tokens as number | null) ?? null,
    expired: row.expired === true,
  };
}
