// Search over titles and messages, in the database (tsvector + GIN, trigram typo correction), on
// both databases. Threads are written straight into the tables (the search columns and the word
// list are the database's own, by generated columns and a trigger), and a few through the chat.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { MARK_END, MARK_START, snippetPieces } from "@/lib/schemas/search";
import { getDb } from "@/server/db/client";
import { commonLexemes, lexemesOf, rareWordIn } from "@/server/db/queries/search";
import { rowsOf } from "@/server/db/raw";
import { chatBody, fakeLlm, postChat, readChunks, signUp, type TestUser, waitFor } from "./helpers/context";

type Seed = { title?: string; messages: string[]; pinned?: boolean; archived?: boolean; modelId?: string; at?: string };

/** A thread of `messages` (user, reply, user, …) in one chain, written as the app writes them. */
async function seedThread(u: TestUser, s: Seed): Promise<{ threadId: string; messageIds: string[] }> {
  const threadId = randomUUID();
  const ids = s.messages.map(() => randomUUID());
  const at = s.at ?? new Date().toISOString();
  await rowsOf(
    getDb(),
    sql`insert into threads (id, user_id, title, model_id, is_pinned, is_archived, message_count, leaf_message_id, created_at, last_activity_at)
        values (${threadId}, ${u.user.id}, ${s.title ?? null}, ${s.modelId ?? "openai-compatible:fake-model"}, ${s.pinned ?? false}, ${s.archived ?? false},
                ${ids.length}, ${ids.at(-1) ?? null}, ${at}::timestamptz, ${at}::timestamptz)`,
  );
  for (const [i, text] of s.messages.entries()) {
    await rowsOf(
      getDb(),
      sql`insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, created_at)
          values (${ids[i]!}, ${threadId}, ${i === 0 ? null : ids[i - 1]!}, ${i}, ${i % 2 === 0 ? "user" : "assistant"},
                  ${JSON.stringify([{ type: "text", text }])}::jsonb, ${text}, 'complete', ${at}::timestamptz + make_interval(secs => ${i}))`,
    );
  }
  return { threadId, messageIds: ids };
}

const search = (u: TestUser, query: string, extra: Record<string, unknown> = {}) => u.caller.threads.search({ query, ...extra });
const ids = (items: { messageId: string | null }[]) => items.map((i) => i.messageId);

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [ada, bob] = await Promise.all([signUp("Ada"), signUp("Bob")]);
});

describe("threads.search", () => {
  it("ranks the message with more of the words higher, and the newer first on a tie", async () => {
    const u = await signUp("Rank");
    const garden = await seedThread(u, { title: "Garden", messages: ["Tomatoes need sun.", "Tomatoes, tomatoes, tomatoes: water them daily."], at: "2026-01-01T10:00:00Z" });
    const kitchen = await seedThread(u, { title: "Kitchen", messages: ["Roast the tomatoes.", "Done."], at: "2026-03-01T10:00:00Z" });
    const { items } = await search(u, "tomatoes");
    // "Roast the tomatoes." and "Tomatoes need sun." score alike: the newer comes first.
    expect(ids(items)).toEqual([garden.messageIds[1], kitchen.messageIds[0], garden.messageIds[0]]);
    expect(items[0]).toMatchObject({ threadId: garden.threadId, title: "Garden" });
  });

  it("finds titles, English stems, and every word of the query in any order", async () => {
    const u = await signUp("Stems");
    const titled = await seedThread(u, { title: "Marathon training plan", messages: ["hello", "hi"] });
    const park = await seedThread(u, { messages: ["I was running in the park with two dogs.", "Nice."] });
    const sleeps = await seedThread(u, { messages: ["A dog sleeps.", "Zzz."] });
    const title = await search(u, "marathon");
    expect(title.items).toHaveLength(1);
    expect(title.items[0]).toMatchObject({ threadId: titled.threadId, messageId: null, title: "Marathon training plan" });
    expect(title.items[0]!.snippet).toContain(`${MARK_START}Marathon${MARK_END}`);
    expect(ids((await search(u, "runs dog")).items)).toEqual([park.messageIds[0]]);
    expect(ids((await search(u, "dogs")).items).sort()).toEqual([park.messageIds[0], sleeps.messageIds[0]].sort());
    expect((await search(u, "dogs cats")).items).toEqual([]);
  });

  it("finds code identifiers whole, by their parts, and as a prefix while typing", async () => {
    const u = await signUp("Code");
    const { messageIds } = await seedThread(u, { messages: ["Call getUserById(42) and then read snake_case_name from foo.bar.", "ok"] });
    for (const q of ["getUserById", "getuserbyid", "snake_case_name", "case_name", "foo.bar", "getUs", "snake_ca"]) {
      expect(ids((await search(u, q)).items), q).toEqual([messageIds[0]]);
    }
    expect((await search(u, "deleteOrder")).items).toEqual([]);
  });

  it("corrects a typo to the words it has seen, and leaves a known word alone", async () => {
    const u = await signUp("Typos");
    const tune = await seedThread(u, { messages: ["Tune PostgreSQL autovacuum for big tables.", "Sure."] });
    const pods = await seedThread(u, { messages: ["Kubernetes pods restart.", "Check the logs."] });
    await seedThread(u, { messages: ["A stable release.", "Good."] });
    expect(ids((await search(u, "autovacum")).items)).toEqual([tune.messageIds[0]]);
    expect(ids((await search(u, "kubernets pods")).items)).toEqual([pods.messageIds[0]]);
    // "tables" is a word it has seen: no stand-ins for it, so "stable" is not found.
    expect(ids((await search(u, "tables")).items)).toEqual([tune.messageIds[0]]);
  });

  it("collects the words of messages inserted many to a statement, and of a reply once it has finished streaming", async () => {
    const u = await signUp("Words");
    const { threadId } = await seedThread(u, { messages: [] });
    const words = async () =>
      (await rowsOf(getDb(), sql`select word from search_words where word in ('xylophonist', 'quixotically', 'zymurgical') order by word`)).map((r) => r.word);
    // Two messages in one statement, as an import writes a conversation.
    const questionId = randomUUID();
    await rowsOf(
      getDb(),
      sql`insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status)
          values (${questionId}, ${threadId}, null, 0, 'user', '[]'::jsonb, 'The xylophonist played', 'complete'),
                 (${randomUUID()}, ${threadId}, ${questionId}, 1, 'assistant', '[]'::jsonb, 'Quixotically so', 'complete')`,
    );
    expect(await words()).toEqual(["quixotically", "xylophonist"]);
    // A streaming reply's checkpoints are not its words; the text it ends with is.
    const replyId = randomUUID();
    await rowsOf(getDb(), sql`insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status) values (${replyId}, ${threadId}, ${questionId}, 1, 'assistant', '[]'::jsonb, 'zymurgical', 'streaming')`);
    await rowsOf(getDb(), sql`update messages set text = 'zymurgical notes' where id = ${replyId}`);
    expect(await words()).toEqual(["quixotically", "xylophonist"]);
    await rowsOf(getDb(), sql`update messages set text = 'zymurgical notes, done', status = 'complete' where id = ${replyId}`);
    expect(await words()).toEqual(["quixotically", "xylophonist", "zymurgical"]);
    // The thread as the turn engine leaves it: on the reply, three messages.
    await rowsOf(getDb(), sql`update threads set leaf_message_id = ${replyId}, message_count = 3 where id = ${threadId}`);
    expect(ids((await search(u, "zymurgicl")).items)).toEqual([replyId]);
  });

  it("filters by pinned, archived, model, Sidekiq and dates", async () => {
    const u = await signUp("Filters");
    const pinned = await seedThread(u, { messages: ["zephyr one", "r"], pinned: true, at: "2026-02-01T00:00:00Z" });
    const archived = await seedThread(u, { messages: ["zephyr two", "r"], archived: true, modelId: "openai-compatible:fake-model-2", at: "2026-04-01T00:00:00Z" });
    const plain = await seedThread(u, { messages: ["zephyr three", "r"], at: "2026-06-01T00:00:00Z" });
    const threads = async (filters: Record<string, unknown>) => [...new Set((await search(u, "zephyr", { filters })).items.map((i) => i.threadId))].sort();
    expect(await threads({})).toEqual([pinned.threadId, archived.threadId, plain.threadId].sort());
    expect(await threads({ pinned: true })).toEqual([pinned.threadId]);
    expect(await threads({ archived: true })).toEqual([archived.threadId]);
    expect(await threads({ archived: false })).toEqual([pinned.threadId, plain.threadId].sort());
    expect(await threads({ modelId: "openai-compatible:fake-model-2" })).toEqual([archived.threadId]);
    expect(await threads({ sidekiqId: randomUUID() })).toEqual([]);
    expect(await threads({ from: "2026-03-01T00:00:00Z", to: "2026-05-01T00:00:00Z" })).toEqual([archived.threadId]);
    await expect(search(u, "zephyr", { filters: { from: "last tuesday" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("finds messages on every branch, and the one found opens its branch", async () => {
    const u = await signUp("Branches");
    const threadId = randomUUID();
    const first = await postChat(u.cookie, chatBody("Tell me about quokkas", threadId));
    await readChunks(first);
    const path = await waitFor(async () => {
      const { items } = await u.caller.messages.list({ threadId });
      return items.length === 2 && items[1]!.status !== "streaming" ? items : undefined;
    });
    // An edit of the first message: the quokka question is now on a branch that is not shown.
    await readChunks(await postChat(u.cookie, { ...chatBody("Tell me about wombats instead", threadId), parentMessageId: null }));
    await waitFor(async () => ((await u.caller.messages.list({ threadId })).items.every((m) => m.status !== "streaming") ? true : undefined));
    const { items } = await search(u, "quokkas");
    const hit = items.find((i) => i.messageId === path[0]!.id);
    expect(hit).toBeDefined();
    // The reply's words are found too, once it is saved ("You said: Tell me about quokkas").
    expect(items.some((i) => i.messageId === path[1]!.id)).toBe(true);
    await u.caller.threads.setActiveLeaf({ threadId, messageId: hit!.messageId! });
    const shown = (await u.caller.messages.list({ threadId })).items;
    expect(shown[0]!.id).toBe(path[0]!.id);
  });

  it("never returns another user's threads", async () => {
    await seedThread(ada, { title: "Ada's secret xylophone", messages: ["xylophone notes", "la"] });
    expect((await search(ada, "xylophone")).items.length).toBe(2);
    expect((await search(bob, "xylophone")).items).toEqual([]);
    expect((await search(bob, "xylophon")).items).toEqual([]);
  });

  it("marks the matched words in a snippet, and a message's own marker characters are not marks", async () => {
    const u = await signUp("Snippets");
    const long = `${"Filler words come first here. ".repeat(20)}The capybara is the largest rodent. ${"More filler after that. ".repeat(20)}`;
    await seedThread(u, { messages: [long, `odd ${MARK_START}capybara${MARK_END} markers`] });
    const { items } = await search(u, "capybara");
    expect(items).toHaveLength(2);
    for (const item of items) {
      const marked = snippetPieces(item.snippet).filter((p) => p.match).map((p) => p.text.toLowerCase());
      expect(marked).toEqual(["capybara"]);
      expect(item.snippet.length).toBeLessThan(400);
    }
  });

  it("pages by keyset with no repeats or gaps, and refuses a cursor it did not make", async () => {
    const u = await signUp("Pages");
    for (let i = 0; i < 9; i++) await seedThread(u, { messages: [`walrus ${i}`, `walrus reply ${i}`, `walrus again ${i}`], at: `2026-01-0${i + 1}T00:00:00Z` });
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await search(u, "walrus", { limit: 10, ...(cursor ? { cursor } : {}) });
      sizes.push(page.items.length);
      seen.push(...page.items.map((i) => i.messageId!));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([10, 10, 7]);
    expect(new Set(seen).size).toBe(27);
    await expect(search(u, "walrus", { cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("tells a word the statistics have no figure for from a common one, and finds a rare word's every match", async () => {
    const u = await signUp("Stats");
    const threadId = randomUUID();
    const p = threadId.slice(0, 8);
    const db = getDb();
    await rowsOf(db, sql`insert into threads (id, user_id, title, message_count, leaf_message_id) values (${threadId}, ${u.user.id}, 'Marmots', 4400, ${`${p}-4400`})`);
    // 4,400 messages about marmots, each with one of 1,100 words four times over (the statistics
    // keep the 1,000 commonest), and an axolotl in three of them.
    await rowsOf(
      db,
      sql`insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, created_at)
          select ${p} || '-' || g, ${threadId}, case when g > 1 then ${p} || '-' || (g - 1) end, g - 1, case when g % 2 = 1 then 'user' else 'assistant' end,
                 jsonb_build_array(jsonb_build_object('type', 'text', 'text', t)), t, 'complete', timestamptz '2026-02-01' + make_interval(mins => g)
          from generate_series(1, 4400) g, lateral (select 'marmot burrow w' || (g % 1100) || case when g in (100, 2500, 4390) then ' axolotl' else '' end as t) x`,
    );
    await rowsOf(db, sql`analyze messages`);
    const common = await commonLexemes(db, { fresh: true });
    expect(common?.has("marmot")).toBe(true);
    expect(common?.has("axolotl")).toBe(false);
    expect(lexemesOf("'it''s' & ( 'marm':* | 'marmot' )")).toEqual(["it's", "marm*", "marmot"]);
    expect(rareWordIn(["'marmot':* | 'marmot'"], common)).toBe(false);
    expect(rareWordIn(["'marmot' | 'marmot'", "'axolotl':* | 'axolotl'"], common)).toBe(true);
    // A prefix is common when a common word starts with it, or when it is too short to tell.
    expect(rareWordIn(["'marm':*"], common)).toBe(false);
    expect(rareWordIn(["'axo':*"], common)).toBe(false);
    expect(rareWordIn(["'axol':*"], common)).toBe(true);
    expect(rareWordIn(["'axolotl'"], null)).toBe(false);
    const found = (await search(u, "axolotl")).items.map((i) => i.messageId);
    expect(found).toEqual([`${p}-4390`, `${p}-2500`, `${p}-100`]);
    expect((await search(u, "marmot axolotl")).items.map((i) => i.messageId)).toEqual(found);
    expect((await search(u, "marmot", { limit: 50 })).items).toHaveLength(50);
  });

  it("answers nothing for a query of no words, and needs a session", async () => {
    expect(await search(ada, "  ?! ")).toEqual({ items: [], nextCursor: null });
    const { anonymousCaller } = await import("./helpers/context");
    await expect(anonymousCaller().threads.search({ query: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    void fakeLlm;
  });
});
