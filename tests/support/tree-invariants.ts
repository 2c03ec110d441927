/**
 * The rules every thread's tree keeps, whatever happened to it: read straight from the database
 * (PGlite or PostgreSQL) after each integration test and each fault case.
 */
import { expect } from "vitest";

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export async function checkTreeInvariants(query: Query): Promise<void> {
  // Every message's parent is in the same thread.
  expect(
    await query(`select m.id from messages m left join messages p on p.id = m.parent_message_id
                 where m.parent_message_id is not null and (p.id is null or p.thread_id <> m.thread_id)`),
    "messages whose parent is missing or in another thread",
  ).toEqual([]);

  // A reply answers a user message; a user message follows a reply or starts the thread.
  expect(
    await query(`select m.id, m.role, p.role as parent_role from messages m left join messages p on p.id = m.parent_message_id
                 where (m.role = 'assistant' and (p.role is null or p.role <> 'user')) or (m.role = 'user' and p.role = 'user')`),
    "messages under a parent of the wrong role",
  ).toEqual([]);

  // No cycles: every message is reached from a root (a cycle is unreachable from one).
  expect(
    await query(`with recursive down as (
                   select id from messages where parent_message_id is null
                   union all
                   select m.id from messages m join down d on m.parent_message_id = d.id)
                 select id from messages where id not in (select id from down)`),
    "messages in a cycle",
  ).toEqual([]);

  // A message's depth is its parent's plus one (a root's is 0): what a trimmed history left out is read from it.
  expect(
    await query(`select m.id, m.depth, p.depth as parent_depth from messages m left join messages p on p.id = m.parent_message_id
                 where m.depth <> coalesce(p.depth + 1, 0)`),
    "messages whose depth is not their parent's plus one",
  ).toEqual([]);

  // The active leaf is a leaf of the thread (and a thread with messages has one).
  expect(
    await query(`select t.id, t.leaf_message_id from threads t left join messages l on l.id = t.leaf_message_id
                 where (t.leaf_message_id is null and exists (select 1 from messages m where m.thread_id = t.id))
                    or (t.leaf_message_id is not null and (l.id is null or l.thread_id <> t.id
                        or exists (select 1 from messages c where c.parent_message_id = l.id)))`),
    "threads whose active leaf is not one of their leaves",
  ).toEqual([]);

  // message_count counts every message, on every branch.
  expect(
    await query(`select t.id, t.message_count from threads t
                 where t.message_count <> (select count(*) from messages m where m.thread_id = t.id)`),
    "threads whose message_count is wrong",
  ).toEqual([]);
}
