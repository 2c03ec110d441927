// The library's figures (`npm run bench -- --library`): one user with a big library, seeded in bulk
// in the database (100,000 threads and 1,000,000 messages on PostgreSQL, a tenth of that on
// PGlite; BENCH_LIBRARY_SCALE multiplies both), then over HTTP: the thread list's first and deep
// pages, search for common and rare words and typos, the newest page of a 5,000-message thread,
// the first token in a 10-message thread against a 5,000-message one, and the import of a 50 MB
// ChatGPT export (its time, and the server's peak memory above idle).

import { randomUUID } from "node:crypto";
import { ms, oneChat, pct, procStats, sleep } from "./load.mjs";

// A vocabulary drawn with a skewed distribution: the first words are in most messages, the last
// in few. Plus one rare word in a handful of messages.
const WORDS = (
  "time people year way day thing man world life hand part child eye woman place work week case point government company number group problem fact " +
  "restaurant database kitchen garden weather travel mountain river library coffee morning evening project meeting budget invoice schedule holiday " +
  "python javascript typescript function variable compiler server request response network storage memory process thread kernel container cluster " +
  "recipe chicken pasta tomato garlic onion pepper butter cheese bread flour sugar lemon orange banana apple chocolate vanilla cinnamon ginger honey " +
  "violin guitar piano melody rhythm concert album singer drummer festival theatre cinema novel poem chapter author editor publisher magazine article " +
  "football tennis cricket marathon cycling swimming climbing skiing surfing sailing rowing boxing karate yoga pilates stretching training coaching " +
  "quantum photon electron neutron molecule protein enzyme genome vaccine virus bacteria fungus algae coral reef glacier volcano canyon desert forest"
).split(" ");
export const RARE_WORD = "quetzalcoatlus";
const RARE_EVERY = 50_000;
const TEXTS = 20_000;

const sqlWords = `array[${WORDS.map((w) => `'${w}'`).join(",")}]`;
/** Text number t: 24 words, skewed (u^3) toward the common ones. */
const textOf = (t, j) => `(select string_agg((${sqlWords})[1 + floor(${WORDS.length} * power(abs(hashint8(${t}::bigint * 1000 + ${j} * 40 + k)) / 2147483648.0, 3))::int], ' ')
    from generate_series(1, 24) k)`;

function seedLibrary(userId, threads, perThread) {
  return [
    // The search word list is filled once at the end, not by the trigger row by row; the GIN index is built after the rows.
    "alter table messages disable trigger messages_search_words_insert",
    "alter table threads disable trigger threads_search_words",
    "alter table messages disable trigger messages_prefix_tokens",
    "drop index messages_search_idx",
    `insert into threads (id, user_id, title, model_id, message_count, leaf_message_id, is_pinned, created_at, last_activity_at)
     select 'lib-' || g, '${userId}', initcap((${sqlWords})[1 + (g % ${WORDS.length})] || ' ' || (${sqlWords})[1 + ((g * 7) % ${WORDS.length})]) || ' ' || g,
            'openai-compatible:fake-model', ${perThread}, 'lib-' || g || '-${perThread}', g % 1000 = 0,
            now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
     from generate_series(1, ${threads}) g`,
    // 20,000 texts made once, each message one of them (and the rare word in every RARE_EVERY-th).
    `create temporary table bench_texts as select g as n, ${textOf("g", "0")} as txt from generate_series(0, ${TEXTS - 1}) g`,
    // Each message's ancestors' tokens as the trigger would count them, summed in the statement.
    `insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, prefix_tokens, created_at)
     select 'lib-' || t || '-' || j, 'lib-' || t, case when j = 1 then null else 'lib-' || t || '-' || (j - 1) end, j - 1,
            case when j % 2 = 1 then 'user' else 'assistant' end, jsonb_build_array(jsonb_build_object('type', 'text', 'text', txt)), txt, 'complete',
            coalesce(sum((octet_length(txt) + 2) / 3 + 4) over (partition by t order by j rows between unbounded preceding and 1 preceding), 0),
            now() - (t || ' minutes')::interval + (j || ' seconds')::interval
     from (select t, j, x.txt from generate_series(1, ${threads}) t cross join generate_series(1, ${perThread}) j
           cross join lateral (select b.txt || case when (t::bigint * 10 + j) % ${RARE_EVERY} = 0 then ' ${RARE_WORD}' else '' end as txt
                               from bench_texts b where b.n = (hashint8(t::bigint * 16 + j) & 2147483647) % ${TEXTS}) x) s`,
    "drop table bench_texts",
    `create index messages_search_idx on messages using gin (search_vector)`,
    `insert into search_words (word)
     select distinct lexeme from (select text as doc from messages union all select title from threads where title is not null) d, unnest(to_tsvector('simple'::regconfig, d.doc))
     where length(lexeme) between 3 and 40 on conflict do nothing`,
    "alter table messages enable trigger messages_search_words_insert",
    "alter table threads enable trigger threads_search_words",
    "alter table messages enable trigger messages_prefix_tokens",
    "analyze",
  ];
}

/** A ChatGPT export of about `bytes`: conversations of 20 messages in a mapping tree. */
function chatGptExport(bytes) {
  const parts = [];
  let size = 2;
  const para = "The quick brown fox jumps over the lazy dog while the restaurant kitchen prepares fresh pasta with garlic and tomato. ";
  for (let c = 0; size < bytes; c++) {
    const mapping = { root: { id: "root", parent: null, children: ["n0"], message: null } };
    for (let i = 0; i < 20; i++) {
      const id = `n${i}`;
      mapping[id] = {
        id,
        parent: i === 0 ? "root" : `n${i - 1}`,
        children: i === 19 ? [] : [`n${i + 1}`],
        message: { id, author: { role: i % 2 ? "assistant" : "user" }, create_time: 1_700_000_000 + c * 100 + i, content: { content_type: "text", parts: [`${c}.${i} ${para.repeat(4)}`] }, metadata: {}, recipient: "all" },
      };
    }
    const json = JSON.stringify({ id: `bench-${c}`, conversation_id: `bench-${c}`, title: `Bench conversation ${c}`, create_time: 1_700_000_000 + c * 100, current_node: "n19", default_model_slug: "gpt-4o", mapping });
    parts.push(json);
    size += json.length + 1;
  }
  return { text: `[${parts.join(",")}]`, conversations: parts.length };
}

const line = (label, xs) => `${label} p50 ${ms(pct(xs, 50))} / p95 ${ms(pct(xs, 95))}`;

/**
 * Runs the figures on one database. `h` is bench.mjs's kit: newDatabase, startApp, signUp,
 * trpcGet, timeIt, seedBranchedThread, the working tree and a port.
 */
export async function libraryFigures(kind, h) {
  const scale = Number(process.env.BENCH_LIBRARY_SCALE || 1);
  const threads = Math.round((kind === "pglite" ? 10_000 : 100_000) * scale);
  const perThread = 10;
  console.log(`\n--- working tree, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}: the library (${threads.toLocaleString("en-US")} threads, ${(threads * perThread).toLocaleString("en-US")} messages) ---`);
  const db = await h.newDatabase(kind);
  let app = await h.startApp(h.tree, db, h.port);
  const user = await h.signUp(app.base, 400);
  const deep = randomUUID();
  const short = randomUUID();
  if (kind === "pglite") await app.stop();
  const t0 = performance.now();
  await db.exec([
    ...seedLibrary(user.userId, threads, perThread),
    ...h.seedBranchedThread(user.userId, deep, { depth: 5000, branches: 0, branchLength: 0, title: "Deep" }),
    ...h.seedBranchedThread(user.userId, short, { depth: 10, branches: 0, branchLength: 0, title: "Short" }),
    // A library in use has been vacuumed (autovacuum, off in CI's PostgreSQL) and its pages written
    // out: without these, the first reads after a bulk load set every row's hint bits and the
    // checkpoint writes a gigabyte under the figures. PGlite's are analyzed by the app itself
    // (src/server/db/statistics.ts), but only 30 s after it starts: here before it does.
    ...(kind === "pglite" ? ["analyze"] : ["vacuum (analyze)", "checkpoint"]),
  ]);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (kind === "pglite") app = await h.startApp(h.tree, db, h.port);

  // The floor under every figure here: a route handler that runs one `select 1` (on this machine
  // its p50 moved between 3.9 and 7.7 ms from one minute to the next). It and the two list pages
  // are read in rounds that take them in turn, after untimed requests of each: timed one after
  // the other, the figure read first was the slowest (the first page 9.4 ms p50, the page after
  // it 7.6, for the same index seek and the same 50 rows).
  const list = (input) => h.trpcGet(app.base, user.cookie, "threads.list", input);
  const [cursorRow] = await db.query(`select is_pinned, last_activity_at, id from threads where user_id = '${user.userId}' and not is_archived order by is_pinned desc, last_activity_at desc, id desc offset ${Math.floor(threads / 2)} limit 1`);
  const cursor = { isPinned: cursorRow.is_pinned, lastActivityAt: new Date(cursorRow.last_activity_at), id: cursorRow.id };
  const reads = {
    floor: async () => (await fetch(`${app.base}/api/health`)).json(),
    first: () => list({ limit: 50 }),
    deep: () => list({ limit: 50, cursor }),
  };
  const timed = { floor: [], first: [], deep: [] };
  for (const fn of Object.values(reads)) await h.timeIt(fn, 10);
  for (let round = 0; round < 10; round++) {
    const order = Object.keys(reads);
    if (round % 2 === 1) order.reverse();
    for (const name of order) timed[name].push(...(await h.timeIt(reads[name], 10)));
  }
  const { floor, first, deep: deepPage } = timed;
  console.log(`${line("the floor, GET /api/health", floor)}`);
  console.log(`${line("threads.list, first page of 50", first)}; ${line(`a page ${Math.floor(threads / 2).toLocaleString("en-US")} threads down (keyset)`, deepPage)} (target p95 under 10 ms)`);

  const search = (query) => h.trpcGet(app.base, user.cookie, "threads.search", { query });
  const queries = [
    ["a common word", "time"],
    ["two common words", "people world"],
    ["a middling word", "restaurant"],
    ["a rare word", RARE_WORD],
    ["a typo of the rare word", "quetzalcoatlis"],
    ["a typo of a middling word", "restaurnt"],
    ["a prefix as typed", "compil"],
  ];
  const out = [];
  for (const [label, q] of queries) {
    const found = (await search(q)).result.data.json.items.length;
    out.push(`${line(`${label} ("${q}", ${found} on the first page)`, await h.timeIt(() => search(q), 40, 5))}`);
  }
  console.log(`threads.search: ${out.join("; ")} (target p95 under 100 ms)`);

  const newest = await h.timeIt(() => h.trpcGet(app.base, user.cookie, "messages.list", { threadId: deep }), 100, 10);
  console.log(`${line("messages.list, the newest page of a 5,000-message thread", newest)} (target under 20 ms)`);

  const ttft = { deep: [], short: [] };
  for (let i = 0; i < 6; i++) await oneChat(app.base, user, { threadId: i % 2 ? deep : short, text: `Warm-up ${i} #tokens:20` });
  for (let i = 0; i < 60; i++) {
    const which = i % 2 ? "deep" : "short";
    const r = await oneChat(app.base, user, { threadId: which === "deep" ? deep : short, text: `Follow-up ${i} #tokens:20` });
    if (r.ok) ttft[which].push(r.ttft);
  }
  console.log(
    `first token (the model's 50 ms included): ${line("10 messages", ttft.short)}; ${line("5,000 messages", ttft.deep)}; ratio of p50s ${(pct(ttft.deep, 50) / pct(ttft.short, 50)).toFixed(3)} (target within 10%)`,
  );

  // The import: a 50 MB conversations.json, its time and the server's memory above idle.
  const file = chatGptExport(50 * 1024 * 1024);
  await sleep(2_000);
  const idle = procStats(app.pid).rssMiB;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procStats(app.pid).rssMiB);
  }, 50);
  const form = new FormData();
  form.append("file", new Blob([file.text]), "conversations.json");
  const started = performance.now();
  const res = await fetch(`${app.base}/api/import`, { method: "POST", headers: { cookie: user.cookie, origin: app.base }, body: form });
  const report = await res.json();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(
    `import of a ${(file.text.length / 1024 / 1024).toFixed(0)} MB ChatGPT conversations.json (${file.conversations.toLocaleString("en-US")} conversations, ${(file.conversations * 20).toLocaleString("en-US")} messages): ${res.status}, ${report.imported} imported in ${seconds.toFixed(1)} s; server RSS ${idle.toFixed(0)} MiB idle, peak ${peak.toFixed(0)} MiB (${(peak - idle).toFixed(0)} above idle) (target under 60 s and 300 MiB above idle)`,
  );
  await app.stop();
}
