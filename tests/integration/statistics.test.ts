// The embedded database's statistics (src/server/db/statistics.ts): PGlite has no autovacuum, so
// the app analyzes a table once it has changed by a tenth. On PostgreSQL autovacuum does it.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "@/server/db/client";
import { rowsOf } from "@/server/db/raw";
import { refreshStatistics } from "@/server/db/statistics";
import { signUp } from "./helpers/context";

async function seedMessages(userId: string, n: number) {
  const threadId = randomUUID();
  const p = threadId.slice(0, 8);
  const db = getDbHandle().db;
  await rowsOf(db, sql`insert into threads (id, user_id, title, message_count, leaf_message_id) values (${threadId}, ${userId}, 'Otters', ${n}, ${`${p}-${n}`})`);
  await rowsOf(
    db,
    sql`insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status)
        select ${p} || '-' || g, ${threadId}, case when g > 1 then ${p} || '-' || (g - 1) end, g - 1, case when g % 2 = 1 then 'user' else 'assistant' end,
               jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'otters hold hands ' || g)), 'otters hold hands ' || g, 'complete'
        from generate_series(1, ${n}) g`,
  );
}

const searchStatistics = async () =>
  (await rowsOf(getDbHandle().db, sql`select most_common_elems::text as elems from pg_stats where tablename = 'messages' and attname = 'search_vector'`))[0]?.elems as string | undefined;

describe("the planner's statistics", () => {
  it("are gathered on the embedded database once a table has changed by a tenth, and left alone otherwise", async () => {
    const handle = getDbHandle();
    const u = await signUp("Stats");
    await seedMessages(u.user.id, 300);
    if (handle.kind !== "pglite") {
      // PostgreSQL's autovacuum keeps them: the app leaves them to it.
      expect(await refreshStatistics(handle)).toEqual([]);
      return;
    }
    expect(await refreshStatistics(handle)).toEqual(["messages", "threads"]);
    expect(await searchStatistics()).toContain("otters");
    // Unchanged, and then changed by less than a tenth plus 50 rows: nothing to do.
    expect(await refreshStatistics(handle)).toEqual([]);
    await seedMessages(u.user.id, 40);
    expect(await refreshStatistics(handle)).toEqual([]);
    await seedMessages(u.user.id, 60);
    expect(await refreshStatistics(handle)).toEqual(["messages"]);
  });
});
