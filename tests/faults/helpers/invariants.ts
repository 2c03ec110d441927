/**
 * What must hold after any fault, read straight from PostgreSQL and the fake's log of what it sent.
 */
import { expect } from "vitest";
import { checkTreeInvariants } from "../../support/tree-invariants";
import { waitFor } from "../../support/ui-stream";
import { type Cluster, LEASE_MS } from "./cluster";

export type CheckOptions = {
  /** A process died mid-reply in this case: a reply the fake finished may be interrupted, with a prefix of its text. */
  died?: boolean;
};

export async function checkInvariants(cluster: Cluster, { died = false }: CheckOptions = {}): Promise<void> {
  const { sql } = cluster;

  // No row is left streaming past its lease: the sweeper of a live instance takes it.
  await waitFor(async () => (await sql`select count(*)::int as n from messages where status = 'streaming'`)[0]!.n === 0, { timeoutMs: LEASE_MS * 5, intervalMs: 100 }).catch(async () => {
    const rows = await sql`select id, heartbeat_at, now() - heartbeat_at as age from messages where status = 'streaming'`;
    throw new Error(`rows still streaming: ${JSON.stringify(rows)}`);
  });

  // Every assistant message's parent is a user message in the same thread.
  const orphans = await sql`
    select a.id from messages a left join messages u on u.id = a.parent_message_id
    where a.role = 'assistant' and (u.id is null or u.role <> 'user' or u.thread_id <> a.thread_id)`;
  expect(orphans, "assistant messages without a user message as parent").toEqual([]);

  // No duplicate turn: one row per client message id, and one reply per user message.
  const dupUsers = await sql`select thread_id, client_message_id from messages where client_message_id is not null group by 1, 2 having count(*) > 1`;
  expect(dupUsers, "client message ids saved twice").toEqual([]);
  const dupReplies = await sql`select parent_message_id from messages where role = 'assistant' group by 1 having count(*) > 1`;
  expect(dupReplies, "user messages with two replies").toEqual([]);

  // Every acknowledged user message exists.
  for (const ack of cluster.acknowledged) {
    const [row] = await sql`select id from messages where thread_id = ${ack.threadId} and client_message_id = ${ack.clientMessageId}`;
    expect(row, `acknowledged message ${ack.clientMessageId}`).toBeDefined();
  }

  // Every reply the fake finished is complete (or interrupted with its partial text, when the
  // process died); every reply it did not finish ended as stopped, error or interrupted with a
  // prefix of what it sent.
  for (const stream of cluster.fake.streams) {
    const [reply] = await sql`
      select a.status, a.text from messages u join messages a on a.parent_message_id = u.id
      where u.role = 'user' and u.text = ${stream.lastUser}`;
    if (!reply) {
      // A stream whose turn never started here (e.g. refused after the model call) has no row.
      continue;
    }
    const what = `reply to "${stream.lastUser.slice(0, 40)}" (fake ${stream.finished ? "finished" : "cut off"})`;
    expect(stream.text.startsWith(reply.text as string), `${what}: saved text is not what the fake sent`).toBe(true);
    if (stream.finished) {
      if (died && reply.status === "interrupted") continue;
      expect(reply.status, what).toBe("complete");
      expect(reply.text, what).toBe(stream.text);
    } else {
      expect(["stopped", "error", "interrupted"], what).toContain(reply.status);
    }
  }

  // The tree's own rules: parents in the thread, no cycles, the active leaf a leaf.
  await checkTreeInvariants((q) => sql.unsafe(q));

  // threads.message_count equals the rows.
  const miscounted = await sql`
    select t.id, t.message_count, (select count(*)::int from messages m where m.thread_id = t.id) as rows
    from threads t where t.message_count <> (select count(*) from messages m where m.thread_id = t.id)`;
  expect(miscounted, "threads whose message_count is wrong").toEqual([]);
}
