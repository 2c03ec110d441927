// `npm run bench`: the built app on PGlite and on PostgreSQL against the fake LLM (200 tokens a
// reply, 50 ms to the first token, 10 ms between tokens). Prints what the app adds to the model's
// own timing at 1, 50 and 200 chats at once, its CPU per reply, memory, list latencies on a big
// account, and (for the working tree) checkpoints, resume, two instances and SIGKILL.
//
// `npm run bench -- --against <git ref>` builds that commit in a temporary worktree and runs it
// and the working tree alternately, level by level, printing both figures and their ratio: this
// machine's speed changes from one session to the next, so only a comparison within one run means
// anything. Options: --db pglite|postgres, --quick (the 200-chat level only), --levels c1,c50,c200
// (only those), --no-extras, --sidekiqs (only the Sidekiq figures), --branches (only the branch
// figures), --library (only the library's: scripts/lib/bench/library.mjs), --import (10,000
// conversations imported while another user works: scripts/lib/bench/import.mjs); BENCH_WARMUP=N chats first; BENCH_EXPLAIN=1 prints the plans of the branch queries.
// Numbers only; nothing here passes or fails.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import postgres from "postgres";
import superjson from "superjson";
import { startFakeLlm } from "../tests/support/fake-llm.ts";
import { buildIfStale } from "./lib/build.mjs";
import { load, ms, oneChat, pct, procStats, signUp, sleep, waitHealthy } from "./lib/bench/load.mjs";
import { importFigures } from "./lib/bench/import.mjs";
import { libraryFigures } from "./lib/bench/library.mjs";
import { prepareRef, spawnServer, workingTree } from "./lib/bench/targets.mjs";

const TOKENS = 200;
const FIRST_MS = 50;
const GAP_MS = 10;
const MODEL_TOTAL_MS = FIRST_MS + (TOKENS - 1) * GAP_MS;
const PG_ADMIN = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const BASE_PORT = Number(process.env.BENCH_PORT || 3310);

const { values: opts } = parseArgs({
  options: {
    against: { type: "string" },
    db: { type: "string" },
    quick: { type: "boolean", default: false },
    levels: { type: "string" },
    "no-extras": { type: "boolean", default: false },
    sidekiqs: { type: "boolean", default: false },
    branches: { type: "boolean", default: false },
    library: { type: "boolean", default: false },
    import: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const kinds = opts.db ? [opts.db] : ["pglite", "postgres"];
// --levels c1,c200: only those levels (c1, c50, c200), and nothing after them.
const onlyLevels = opts.levels?.split(",");
const extras = !opts.quick && !onlyLevels && !opts["no-extras"];

console.log(`Sidekiq bench on Node ${process.version}, ${TOKENS} tokens/reply, ${FIRST_MS} ms first token, ${GAP_MS} ms between tokens`);
buildIfStale();
const targets = [workingTree()];
if (opts.against) targets.unshift(prepareRef(opts.against));

// The fake reports fake-model's context window in GET /models as vLLM does (a build from before
// windows were read ignores it): a local model served with 32k tokens. The 5,000-deep thread is
// trimmed to what fits it.
const CONTEXT_WINDOW = Number(process.env.BENCH_CONTEXT_WINDOW || 32_768);
const fake = await startFakeLlm({ defaults: { tokens: TOKENS, firstTokenDelayMs: FIRST_MS, delayMs: GAP_MS }, contextWindows: { "fake-model": CONTEXT_WINDOW } });

/** The same client against the fake LLM directly: what the client and the fake add without the app. */
async function directTtft(n = 20) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "fake-model", stream: true, messages: [{ role: "user", content: "Benchmark question #tokens:5" }] }),
    });
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let first = NaN;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (Number.isNaN(first) && /"content":"[^"]/.test(dec.decode(value))) first = performance.now() - t0;
    }
    xs.push(first - FIRST_MS);
  }
  return xs;
}
await directTtft(5);
const direct = await directTtft();
console.log(`Baseline, the bench's client against the fake LLM directly: first token ${ms(pct(direct, 50))} (p50) after the model's ${FIRST_MS} ms`);

// Everything a run started, stopped however it ends (an error, Ctrl-C).
const cleanups = [];
async function cleanupAll() {
  while (cleanups.length) await cleanups.pop()().catch(() => {});
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await cleanupAll();
    process.exit(130);
  });
}

/** A database of this run's kind: a PGlite folder, or a PostgreSQL database made for it. */
async function newDatabase(kind) {
  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "sidekiq-bench-"));
    const db = {
      env: { SIDEKIQ_DATA_DIR: dir, DATABASE_URL: "" },
      query: async (q) => {
        const client = new PGlite(dir, { extensions: { pg_trgm } });
        try {
          return (await client.query(q)).rows;
        } finally {
          await client.close();
        }
      },
      exec: async (sqls) => {
        const client = new PGlite(dir, { extensions: { pg_trgm } });
        for (const q of sqls) await client.exec(q);
        await client.close();
      },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
    cleanups.push(db.drop);
    return db;
  }
  const name = `sidekiq_bench_${randomUUID().slice(0, 8)}`;
  const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const db = {
    url: url.toString(),
    env: { DATABASE_URL: url.toString(), BETTER_AUTH_SECRET: "bench-secret-0123456789abcdefghijkl" },
    query: (q) => sql.unsafe(q),
    exec: async (sqls) => {
      for (const q of sqls) await sql.unsafe(q);
    },
    drop: async () => {
      await sql.end({ timeout: 1 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
  cleanups.push(db.drop);
  return db;
}

/** A target's server on `port` with `db`; `stop()` is SIGTERM and the wait for its exit. */
async function startApp(target, db, port, env = {}) {
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const child = await spawnServer(
    target,
    {
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      DEFAULT_MODEL: "openai-compatible:fake-model",
      AUTH_RATE_LIMIT_DISABLED: "1",
      CHAT_RATE_LIMIT_PER_MINUTE: "0",
      HEALTH_STATS: "1",
      LOG_LEVEL: "error",
      ...db.env,
      ...env,
    },
    { nodeArgs },
  );
  const base = `http://127.0.0.1:${port}`;
  const app = {
    target,
    base,
    child,
    get pid() {
      return child.pid;
    },
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
  };
  cleanups.push(() => app.stop("SIGKILL"));
  await waitHealthy(base, child);
  return app;
}

/**
 * Seeded messages' depth in their tree, where the build has the column (a reference build from
 * before it does not): the same walk as the migration that added it.
 */
const DEPTH_SQL = `do $$ begin
  if exists (select 1 from information_schema.columns where table_name = 'messages' and column_name = 'depth') then
    with recursive d as (
      select id, 0 as depth from messages where parent_message_id is null
      union all
      select m.id, d.depth + 1 from messages m join d on m.parent_message_id = d.id
    )
    update messages set depth = d.depth from d where messages.id = d.id and d.depth > 0 and messages.depth <> d.depth;
  end if;
end $$`;

const SEED_SQL = (userId, threadId) => [
  `insert into threads (id, user_id, title, model_id, message_count, last_activity_at, created_at)
   select 'seed-' || g, '${userId}', 'Seeded thread ' || g, 'openai-compatible:fake-model', 2,
          now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
   from generate_series(1, 10000) g`,
  `insert into threads (id, user_id, title, model_id, message_count) values ('${threadId}', '${userId}', 'Long thread', 'openai-compatible:fake-model', 2000)`,
  `insert into messages (id, thread_id, parent_message_id, role, parts, text, status, created_at)
   select 'msg-' || g, '${threadId}', case when g = 1 then null else 'msg-' || (g - 1) end,
          case when g % 2 = 1 then 'user' else 'assistant' end,
          jsonb_build_array(jsonb_build_object('type', 'text', 'text', repeat('Lorem ipsum dolor sit amet. ', 20))),
          repeat('Lorem ipsum dolor sit amet. ', 20), 'complete', now() - ((2000 - g) || ' seconds')::interval
   from generate_series(1, 2000) g`,
  DEPTH_SQL,
];

async function trpcGet(base, cookie, proc, input, headers = {}) {
  const res = await fetch(`${base}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie, ...headers } });
  if (!res.ok) throw new Error(`${proc} ${res.status}`);
  return res.json();
}

async function timeIt(fn, n = 40, warmup = 0) {
  for (let i = 0; i < warmup; i++) await fn();
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return xs;
}

async function healthStats(base, reset = false) {
  const res = await fetch(`${base}/api/health?stats=${reset ? "reset" : "1"}`);
  return (await res.json()).stats;
}

/** One target on one database: its server, users, the seeded big account, and the counts of what it saved. */
async function setUp(target, kind, port) {
  const db = await newDatabase(kind);
  let app = await startApp(target, db, port);
  const users = [];
  for (let i = 0; i < 20; i++) users.push(await signUp(app.base, i));
  const longThread = randomUUID();
  // PGlite's folder has one owner at a time: seed between runs of the app.
  if (kind === "pglite") await app.stop();
  await db.exec(SEED_SQL(users[0].userId, longThread));
  if (kind === "pglite") app = await startApp(target, db, port);
  const ctx = { target, kind, db, app, big: users[0], chatUsers: users.slice(1), longThread, okReplies: 0 };
  await runLoad(ctx, { concurrency: 4, chats: 20 }); // warm-up
  // BENCH_WARMUP=N: N more chats, 200 at once, before anything is measured: the figures of a
  // server that has been running a while (V8 has optimized its hot paths) rather than a fresh one.
  const warmup = Number(process.env.BENCH_WARMUP || 0);
  if (warmup > 0) await runLoad(ctx, { concurrency: 200, chats: warmup });
  return ctx;
}

async function runLoad(ctx, { concurrency, chats, text }) {
  const r = await load({ base: ctx.app.base, users: ctx.chatUsers, concurrency, chats, pids: [ctx.app.pid], text, firstTokenMs: FIRST_MS, modelTotalMs: MODEL_TOTAL_MS });
  ctx.okReplies += r.ok;
  return r;
}

/** The levels, each run on every target in turn (the order alternating), so both see the same machine. */
const LEVELS = [
  { key: "c1", label: "1 chat at a time (20-token replies)", concurrency: 1, chats: 100, text: "Benchmark question #tokens:20", quick: false },
  { key: "c50", label: "50 at once", concurrency: 50, chats: 200, quick: false },
  { key: "c200", label: "200 at once", concurrency: 200, chats: 600, quick: true },
];

async function measureKind(kind) {
  console.log(`\n=== ${kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL"} ===`);
  const contexts = [];
  for (const [i, target] of targets.entries()) contexts.push(await setUp(target, kind, BASE_PORT + i));
  const results = contexts.map(() => ({}));
  let flip = false;
  for (const level of LEVELS) {
    if ((opts.quick && !level.quick) || (onlyLevels && !onlyLevels.includes(level.key))) continue;
    const order = contexts.map((_, i) => i);
    if (flip) order.reverse();
    flip = !flip;
    for (const i of order) {
      const ctx = contexts[i];
      const isTree = ctx.target.dir === process.cwd();
      if (isTree && level.key === "c200") await healthStats(ctx.app.base, true).catch(() => undefined);
      const t0 = performance.now();
      const r = await runLoad(ctx, level);
      r.wallS = (performance.now() - t0) / 1000;
      if (isTree && level.key === "c200") r.checkpoints = await healthStats(ctx.app.base).catch(() => undefined);
      results[i][level.key] = r;
      console.log(
        `${ctx.target.name.padEnd(22)} ${level.label.padEnd(36)} ${r.perSec.toFixed(1).padStart(6)} replies/s | added TTFT p50/p95 ${ms(pct(r.addedTtft, 50))} / ${ms(pct(r.addedTtft, 95))} | ${r.errors} errors | CPU/reply ${ms(r.cpuPerReply)} | RSS ${r.rssMiB.toFixed(0)} MiB`,
      );
    }
  }
  if (!opts.quick && !onlyLevels) {
    for (const [i, ctx] of contexts.entries()) {
      // Follow-ups, one at a time, into a thread that already holds 10 messages.
      const user = ctx.chatUsers[0];
      const threadId = randomUUID();
      await oneChat(ctx.app.base, user, { threadId, text: "Opening question #tokens:5" });
      for (let k = 0; k < 4; k++) await oneChat(ctx.app.base, user, { threadId, text: `Earlier question ${k} #tokens:5` });
      const follow = [];
      for (let k = 0; k < 20; k++) follow.push(await oneChat(ctx.app.base, user, { threadId, text: `Follow-up ${k} #tokens:20` }));
      ctx.okReplies += 5 + follow.filter((r) => r.ok).length;
      results[i].follow = follow.filter((r) => r.ok).map((r) => r.ttft - FIRST_MS);
    }
    const bursts = contexts.map((_, i) => i);
    if (flip) bursts.reverse();
    for (const i of bursts) {
      const ctx = contexts[i];
      const burst = await runLoad(ctx, { concurrency: 300, chats: 300 });
      const after = [];
      for (const s of [2, 5]) {
        await sleep((s - (after.at(-1)?.s ?? 0)) * 1000);
        after.push({ s, mib: procStats(ctx.app.pid).rssMiB });
      }
      results[i].burst = { ...burst, after };
      console.log(`${ctx.target.name.padEnd(22)} 300-chat burst: ${burst.errors} errors, RSS at its end ${burst.rssMiB.toFixed(0)} MiB, ${after.map((a) => `${a.mib.toFixed(0)} MiB ${a.s} s later`).join(", ")}`);
    }
    // The reads, in rounds that take the builds in turn (the order flipped each round), after a
    // few untimed requests each: measured one build after the other, the second ran 1.2-1.3x
    // slower on code that had not changed (messages.list), from when it ran, not what it ran.
    const cursor = { isPinned: false, lastActivityAt: new Date(Date.now() - 9_000 * 60_000), id: "seed-9000" };
    const reads = (ctx) => ({
      first: () => trpcGet(ctx.app.base, ctx.big.cookie, "threads.list", { limit: 50 }),
      deep: () => trpcGet(ctx.app.base, ctx.big.cookie, "threads.list", { limit: 50, cursor }),
      messages: () => trpcGet(ctx.app.base, ctx.big.cookie, "messages.list", { threadId: ctx.longThread, limit: 200 }),
    });
    for (const [i, ctx] of contexts.entries()) {
      results[i].lists = { first: [], deep: [], messages: [] };
      for (const fn of Object.values(reads(ctx))) await timeIt(fn, 5);
    }
    for (let round = 0; round < 8; round++) {
      const order = contexts.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) for (const [name, fn] of Object.entries(reads(contexts[i]))) results[i].lists[name].push(...(await timeIt(fn, 10)));
    }
  }
  // What each saved: every reply the bench read to its end must be a complete row.
  for (const [i, ctx] of contexts.entries()) {
    if (kind === "pglite") await ctx.app.stop();
    const rows = await ctx.db.query(`select status, count(*)::int as n from messages where role = 'assistant' and thread_id <> '${ctx.longThread}' group by status`);
    results[i].saved = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    results[i].okReplies = ctx.okReplies;
    await ctx.app.stop();
  }
  if (extras && kind === "postgres") await extrasOnPostgres();
  if (extras && kind === "pglite") await extrasOnPglite();
  if (extras) await sidekiqFigures(kind);
  if (extras) await branchFigures(kind);
  return results;
}

function printComparison(kind, results) {
  const names = targets.map((t) => t.name);
  const rows = [];
  const add = (label, values, target, better = "higher") => rows.push({ label, values, target, better });
  const lv = (key, f) => results.map((r) => (r[key] ? f(r[key]) : NaN));
  add("replies/s, 200 at once", lv("c200", (r) => r.perSec), "≥ 0.8x", "higher");
  add("CPU per reply, 200 at once (ms)", lv("c200", (r) => r.cpuPerReply), "≤ 1.25x", "lower");
  add("errors, 200 at once", lv("c200", (r) => r.errors), "0");
  add("added TTFT p50, 1 chat (ms)", lv("c1", (r) => pct(r.addedTtft, 50)), "≤ 1.5x", "lower");
  add("  the same net of the baseline (ms)", lv("c1", (r) => pct(r.addedTtft, 50) - pct(direct, 50)), "", "lower");
  add("replies/s, 50 at once", lv("c50", (r) => r.perSec), "", "higher");
  add("added TTFT p95, 50 at once (ms)", lv("c50", (r) => pct(r.addedTtft, 95)), "", "lower");
  add("added TTFT p50, follow-up in a 10+ message thread (ms)", results.map((r) => (r.follow ? pct(r.follow, 50) : NaN)), "", "lower");
  add("RSS at the end of a 300-chat burst (MiB)", results.map((r) => r.burst?.rssMiB ?? NaN), "", "lower");
  add("RSS 2 s after the burst (MiB)", results.map((r) => r.burst?.after[0]?.mib ?? NaN), "≤ 1.2x", "lower");
  add("burst errors", results.map((r) => r.burst?.errors ?? NaN), "0");
  add("threads.list first page, 10,000 threads (p50 ms)", results.map((r) => (r.lists ? pct(r.lists.first, 50) : NaN)), "", "lower");
  add("messages.list newest 200 of 2,000 (p50 ms)", results.map((r) => (r.lists ? pct(r.lists.messages, 50) : NaN)), "", "lower");
  add("replies read to the end / saved complete", results.map((r) => `${r.okReplies} / ${r.saved?.complete ?? 0}`), "equal");
  console.log(`\n--- ${kind === "pglite" ? "PGlite" : "PostgreSQL"}: ${names.join(" against ")} ---`);
  const header = ["figure".padEnd(56), ...names.map((n) => n.padStart(22)), ...(names.length === 2 ? ["ratio".padStart(7)] : []), "target"].join(" | ");
  console.log(header);
  for (const row of rows) {
    const cells = row.values.map((v) => (typeof v === "number" ? (Number.isFinite(v) ? v.toFixed(1) : "n/a") : String(v)).padStart(22));
    const ratio = names.length === 2 && typeof row.values[0] === "number" && row.values[0] ? (row.values[1] / row.values[0]).toFixed(2) : "";
    console.log([row.label.padEnd(56), ...cells, ...(names.length === 2 ? [ratio.padStart(7)] : []), row.target].join(" | "));
  }
  for (const r of results) {
    if (r.c200?.checkpoints) {
      const c = r.c200.checkpoints;
      console.log(`checkpoints during the 200-chat level: ${(c.checkpoints / r.c200.wallS).toFixed(1)} statements/s carrying ${(c.checkpointRows / r.c200.wallS).toFixed(0)} rows/s, latency p50 ${ms(c.checkpointMs.p50)}, p95 ${ms(c.checkpointMs.p95)}`);
    }
  }
}

// --- The working tree's new figures -------------------------------------------------------------

const tree = targets.at(-1);

/** GET /api/chat/{threadId}/stream while a reply streams: time to its first frame. */
async function resumeLatency(startBase, resumeBase, user, n = 20) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const threadId = randomUUID();
    let resolveFirst;
    const firstToken = new Promise((r) => (resolveFirst = r));
    const chat = oneChat(startBase, user, { threadId, text: "Resume me #tokens:60 #delay:10", onFirstToken: () => resolveFirst() });
    await firstToken;
    await sleep(100);
    const t0 = performance.now();
    const res = await fetch(`${resumeBase}/api/chat/${threadId}/stream`, { headers: { cookie: user.cookie } });
    const reader = res.body.getReader();
    await reader.read();
    xs.push(performance.now() - t0);
    await reader.cancel();
    await chat;
  }
  return xs;
}

/** A round-robin proxy on loopback in front of several instances, for one-against-two. */
function roundRobin(backends) {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(backends[next++ % backends.length]);
    const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })));
}

async function extrasOnPostgres() {
  console.log(`\n--- ${tree.name}, PostgreSQL: resume, two instances, SIGKILL ---`);
  const db = await newDatabase("postgres");
  // Without Redis a reply written elsewhere is followed through its checkpoints; with it, live.
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  {
    const a = await startApp(tree, db, BASE_PORT + 13, { REDIS_URL: "" });
    const b = await startApp(tree, db, BASE_PORT + 14, { REDIS_URL: "" });
    const user = await signUp(a.base, 99);
    const across = await resumeLatency(a.base, b.base, user);
    console.log(`resume through another instance without Redis (from checkpoints): first frame p50 ${ms(pct(across, 50))} / p95 ${ms(pct(across, 95))}`);
    await a.stop();
    await b.stop();
  }
  const a = await startApp(tree, db, BASE_PORT + 10, { REDIS_URL: redisUrl });
  const b = await startApp(tree, db, BASE_PORT + 11, { REDIS_URL: redisUrl });
  const users = [];
  for (let i = 0; i < 20; i++) users.push(await signUp(a.base, i));
  const same = await resumeLatency(a.base, a.base, users[0]);
  const across = await resumeLatency(a.base, b.base, users[0]);
  console.log(`resume, GET to its first frame (Redis ${redisUrl}): same instance p50 ${ms(pct(same, 50))} / p95 ${ms(pct(same, 95))}; through another instance p50 ${ms(pct(across, 50))} / p95 ${ms(pct(across, 95))}`);

  // One instance against two behind a round-robin proxy, both with Redis (the proxy, the driver
  // and the fake share the same 2 cores).
  const proxyOne = await roundRobin([a.base]);
  const proxyTwo = await roundRobin([a.base, b.base]);
  for (const [label, proxy, pids] of [["1 instance (through the proxy)", proxyOne, [a.pid]], ["2 instances (round robin)", proxyTwo, [a.pid, b.pid]]]) {
    await load({ base: proxy.url, users, concurrency: 20, chats: 40, pids, firstTokenMs: FIRST_MS, modelTotalMs: MODEL_TOTAL_MS });
    const r = await load({ base: proxy.url, users, concurrency: 200, chats: 600, pids, firstTokenMs: FIRST_MS, modelTotalMs: MODEL_TOTAL_MS });
    console.log(`${label.padEnd(32)} 200 at once: ${r.perSec.toFixed(1)} replies/s, CPU/reply ${ms(r.cpuPerReply)} (all instances), added TTFT p50 ${ms(pct(r.addedTtft, 50))}, ${r.errors} errors`);
  }
  proxyOne.close();
  proxyTwo.close();
  await a.stop();
  await b.stop();

  // SIGKILL mid-reply: how much of what the client had already received is missing from the row.
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  const losses = [];
  for (let i = 0; i < 20; i++) {
    const app = await startApp(tree, db, BASE_PORT + 12);
    const user = await signUp(app.base, 100 + i);
    const threadId = randomUUID();
    let received = "";
    const res = await fetch(`${app.base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.base, cookie: user.cookie },
      body: JSON.stringify({ threadId, modelId: "openai-compatible:fake-model", message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "Long answer #tokens:400 #delay:10" }] } }),
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    const killAt = performance.now() + 500 + Math.random() * 2_500;
    let buffer = "";
    while (performance.now() < killAt) {
      const { done, value } = await Promise.race([reader.read(), sleep(killAt - performance.now()).then(() => ({ timeout: true }))]);
      if (done) break;
      if (value) buffer += value;
    }
    app.child.kill("SIGKILL");
    await new Promise((r) => app.child.once("exit", r));
    for (const line of buffer.split("\n")) {
      if (!line.startsWith("data: {")) continue;
      const chunk = JSON.parse(line.slice(6));
      if (chunk.type === "text-delta") received += chunk.delta;
    }
    const [row] = await sql`select m.text from messages m where m.thread_id = ${threadId} and m.role = 'assistant'`;
    const saved = row?.text ?? "";
    losses.push({ received: received.length, saved: saved.length, lost: Math.max(0, received.length - saved.length), prefix: received.startsWith(saved) });
  }
  await sql.end();
  const lost = losses.map((l) => l.lost);
  // The fake sends one ~6-character token every 10 ms.
  console.log(
    `SIGKILL mid-reply, 20 kills: text the client had but the row did not, max ${Math.max(...lost)} characters (~${Math.round((Math.max(...lost) / 6) * 10)} ms of reply), median ${pct(lost, 50)}; saved text a prefix of what was received in ${losses.filter((l) => l.prefix).length} of 20`,
  );
}

async function extrasOnPglite() {
  console.log(`\n--- ${tree.name}, PGlite: 50 chats at once, checkpoints every second against (nearly) none ---`);
  for (const [label, env] of [["checkpoints every 1 s", {}], ["checkpoints every 10 min", { CHAT_CHECKPOINT_MS: "600000" }]]) {
    const db = await newDatabase("pglite");
    const app = await startApp(tree, db, BASE_PORT + 20, env);
    const users = [];
    for (let i = 0; i < 10; i++) users.push(await signUp(app.base, i));
    await load({ base: app.base, users, concurrency: 4, chats: 20, pids: [app.pid], firstTokenMs: FIRST_MS, modelTotalMs: MODEL_TOTAL_MS });
    const r = await load({ base: app.base, users, concurrency: 50, chats: 300, pids: [app.pid], firstTokenMs: FIRST_MS, modelTotalMs: MODEL_TOTAL_MS });
    console.log(`${label.padEnd(26)} ${r.perSec.toFixed(1)} replies/s, added TTFT p50 ${ms(pct(r.addedTtft, 50))} / p95 ${ms(pct(r.addedTtft, 95))}, CPU/reply ${ms(r.cpuPerReply)}, ${r.errors} errors`);
    await app.stop();
  }
}

try {
  if (opts.sidekiqs || opts.branches || opts.library || opts.import) {
    for (const kind of kinds) {
      if (opts.import) await importFigures(kind, { targets, newDatabase, startApp, signUp, port: BASE_PORT + 24 });
      if (opts.sidekiqs) await sidekiqFigures(kind);
      if (opts.branches) await branchFigures(kind);
      if (opts.library) await libraryFigures(kind, { newDatabase, startApp, signUp, trpcGet, timeIt, seedBranchedThread, tree, port: BASE_PORT + 22 });
    }
  } else for (const kind of kinds) printComparison(kind, await measureKind(kind));
} finally {
  await cleanupAll();
  await fake.close();
}

async function trpcPost(base, cookie, proc, input) {
  const res = await fetch(`${base}/api/trpc/${proc}`, { method: "POST", headers: { "content-type": "application/json", origin: base, cookie }, body: JSON.stringify(superjson.serialize(input)) });
  if (!res.ok) throw new Error(`${proc} ${res.status}`);
  return superjson.deserialize((await res.json()).result.data);
}

/**
 * The Sidekiq figures, on the working tree: a chat with a Sidekiq against one without (its
 * instructions are read in the turn's one statement, so they should cost no round trip), taken
 * alternately in one run; then the gallery's first page and its search among 10,000 Sidekiqs.
 */
async function sidekiqFigures(kind) {
  console.log(`\n--- ${tree.name}, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}: Sidekiqs ---`);
  const db = await newDatabase(kind);
  let app = await startApp(tree, db, BASE_PORT + 20);
  const users = [];
  for (let i = 0; i < 4; i++) users.push(await signUp(app.base, 200 + i));
  const instructions = "You are a careful assistant for a small engineering team. Answer briefly, cite sources, and ask before assuming. ".repeat(8);
  const { id: sidekiqId } = await trpcPost(app.base, users[0].cookie, "sidekiqs.create", { name: "Bench helper", instructions, visibility: "public" });
  const chat = (i, withSidekiq) => oneChat(app.base, users[i % users.length], { text: "Benchmark question #tokens:20", extra: withSidekiq ? { sidekiqId } : {} });
  for (let i = 0; i < 20; i++) await chat(i, i % 2 === 0);
  const plain = [];
  const withIt = [];
  for (let i = 0; i < 200; i++) {
    const withSidekiq = i % 2 === 1;
    const r = await chat(i, withSidekiq);
    if (r.ok) (withSidekiq ? withIt : plain).push(r.ttft - FIRST_MS);
  }
  const p50a = pct(plain, 50);
  const p50b = pct(withIt, 50);
  console.log(`added TTFT p50, 1 chat at a time, 100 each, alternating: without a Sidekiq ${ms(p50a)}, with one ${ms(p50b)} (difference ${(p50b - p50a).toFixed(2)} ms; target within 1 ms)`);

  // 10,000 Sidekiqs of one author, nine in ten public: the gallery's first page, its sorts, search and the @ picker, over HTTP.
  if (kind === "pglite") await app.stop();
  await db.exec([
    `insert into sidekiqs (id, owner_id, visibility, name, description, user_count, last_used_at, created_at)
     select 'bench-' || g, '${users[1].userId}', case when g % 10 = 0 then 'private' else 'public' end,
            'Helper ' || g, 'Answers questions about topic ' || (g % 997) || ' and writes drafts', g % 50, now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
     from generate_series(1, 10000) g`,
    `insert into sidekiq_versions (sidekiq_id, version, instructions) select id, 1, 'Be helpful.' from sidekiqs where id like 'bench-%'`,
    "analyze sidekiqs",
  ]);
  if (kind === "pglite") app = await startApp(tree, db, BASE_PORT + 20);
  const u = users[2];
  const first = await timeIt(() => trpcGet(app.base, u.cookie, "sidekiqs.list", { tab: "public", sort: "recent", limit: 24 }), 100, 20);
  const popular = await timeIt(() => trpcGet(app.base, u.cookie, "sidekiqs.list", { tab: "public", sort: "popular", limit: 24 }), 100, 20);
  const search = await timeIt(() => trpcGet(app.base, u.cookie, "sidekiqs.list", { tab: "public", sort: "recent", query: "topic 42", limit: 24 }), 100, 20);
  const miss = await timeIt(() => trpcGet(app.base, u.cookie, "sidekiqs.list", { tab: "public", sort: "recent", query: "no such words", limit: 24 }), 100, 20);
  const pick = await timeIt(() => trpcGet(app.base, u.cookie, "sidekiqs.pickable", { query: "helper 99" }), 100, 20);
  const reference = await timeIt(() => trpcGet(app.base, u.cookie, "teams.list", {}), 100, 20);
  if (process.env.BENCH_EXPLAIN) {
    const page = (where) => `select p.*, u.name from (select * from sidekiqs s where s.deleted_at is null and s.visibility = 'public' ${where} order by s.last_used_at desc, s.id desc limit 25) p join "user" u on u.id = p.owner_id left join organization o on o.id = p.team_id order by p.last_used_at desc, p.id desc`;
    for (const [label, q] of [["first page", page("")], ["search", page(`and s.search_text like '%topic 42%'`)], ["no match", page(`and s.search_text like '%no such words%'`)]]) {
      const plan = (await db.query(`explain analyze ${q}`)).map((r) => Object.values(r)[0]);
      console.log(`SQL ${label}: ${plan.filter((l) => /Execution Time|Scan/.test(l)).map((l) => l.trim()).join(" | ")}`);
    }
  }
  const line = (label, xs) => `${label} p50 ${ms(pct(xs, 50))} / p95 ${ms(pct(xs, 95))}`;
  console.log(`10,000 Sidekiqs: ${line("gallery first page", first)}; ${line("by people", popular)}; ${line("search", search)}; ${line("search, no match", miss)}; ${line("@ picker", pick)}; ${line("teams.list, for reference", reference)} (target: first page and search p95 under 20 ms)`);
  await app.stop();
}

/**
 * One thread `depth` messages deep on its active path, with `branches` side branches of
 * `branchLength` messages, each an edited question under a reply spread evenly along the path.
 * Replies carry tokens and a cost, so that the tree's totals have something to add. Working tree
 * only: the rows carry their depth.
 */
function seedBranchedThread(userId, threadId, { depth, branches, branchLength, title }) {
  const p = threadId.slice(0, 8);
  const body = `'Message ' || g || '. ' || repeat('Lorem ipsum dolor sit amet. ', 4)`;
  const every = Math.floor(depth / (branches + 1));
  return [
    `insert into threads (id, user_id, title, model_id, message_count, leaf_message_id, last_activity_at)
     values ('${threadId}', '${userId}', '${title}', 'openai-compatible:fake-model', ${depth + branches * branchLength}, '${p}-m-${depth}', now())`,
    `insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, input_tokens, output_tokens, cost, created_at)
     select '${p}-m-' || g, '${threadId}', case when g = 1 then null else '${p}-m-' || (g - 1) end, g - 1,
            case when g % 2 = 1 then 'user' else 'assistant' end,
            jsonb_build_array(jsonb_build_object('type', 'text', 'text', ${body})), ${body}, 'complete',
            case when g % 2 = 0 then 20 + g end, case when g % 2 = 0 then 40 end, case when g % 2 = 0 then 0.0001 end,
            now() - ((${depth} - g) || ' seconds')::interval
     from generate_series(1, ${depth}) g`,
    // Branch k hangs off reply k*every (an even position: a reply) as a new version of the next question.
    `insert into messages (id, thread_id, parent_message_id, depth, role, parts, text, status, input_tokens, output_tokens, cost, created_at)
     select '${p}-b-' || k || '-' || j, '${threadId}',
            case when j = 1 then '${p}-m-' || (k * ${every} - (k * ${every}) % 2) else '${p}-b-' || k || '-' || (j - 1) end,
            k * ${every} - (k * ${every}) % 2 - 1 + j,
            case when j % 2 = 1 then 'user' else 'assistant' end,
            jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'Branch ' || k || ', message ' || j)), 'Branch ' || k || ', message ' || j, 'complete',
            case when j % 2 = 0 then 30 end, case when j % 2 = 0 then 50 end, case when j % 2 = 0 then 0.0002 end, now()
     from generate_series(1, ${branches}) k, generate_series(1, ${branchLength}) j
     order by k, j`,
  ];
}

/**
 * The branch figures, on the working tree: the time to the first token in a thread 5,000
 * messages deep with 50 branches against a 10-message thread (alternating, one chat at a time),
 * the newest page of the deep thread's active path, the tree of a 2,000-message thread, and a
 * switch of branch at an old fork.
 */
async function branchFigures(kind) {
  console.log(`\n--- ${tree.name}, ${kind === "pglite" ? "PGlite" : "PostgreSQL"}: branches (fake-model's window ${CONTEXT_WINDOW.toLocaleString("en-US")} tokens) ---`);
  const db = await newDatabase(kind);
  let app = await startApp(tree, db, BASE_PORT + 21);
  const user = await signUp(app.base, 300);
  const deep = randomUUID();
  const short = randomUUID();
  const forTree = randomUUID();
  if (kind === "pglite") await app.stop();
  await db.exec([
    ...seedBranchedThread(user.userId, deep, { depth: 5000, branches: 50, branchLength: 4, title: "Deep" }),
    ...seedBranchedThread(user.userId, short, { depth: 10, branches: 0, branchLength: 0, title: "Short" }),
    ...seedBranchedThread(user.userId, forTree, { depth: 1800, branches: 50, branchLength: 4, title: "Tree" }),
    "analyze messages",
    "analyze threads",
  ]);
  if (kind === "pglite") app = await startApp(tree, db, BASE_PORT + 21);

  // Follow-ups after each thread's leaf, alternating, so both see the same machine.
  const ttft = { deep: [], short: [] };
  const failed = { deep: 0, short: 0 };
  for (let i = 0; i < 10; i++) await oneChat(app.base, user, { threadId: i % 2 ? deep : short, text: `Warm-up ${i} #tokens:20` });
  for (let i = 0; i < 120; i++) {
    const which = i % 2 ? "deep" : "short";
    const r = await oneChat(app.base, user, { threadId: which === "deep" ? deep : short, text: `Follow-up ${i} #tokens:20` });
    if (r.ok) ttft[which].push(r.ttft);
    else failed[which] += 1;
  }
  const [d50, s50, d95, s95] = [pct(ttft.deep, 50), pct(ttft.short, 50), pct(ttft.deep, 95), pct(ttft.short, 95)];
  console.log(
    `time to the first token (the model's own ${FIRST_MS} ms included), 60 follow-ups each, alternating: 5,000 deep with 50 branches p50 ${ms(d50)} / p95 ${ms(d95)}; 10 messages p50 ${ms(s50)} / p95 ${ms(s95)}; ratio of p50s ${(d50 / s50).toFixed(3)} (target within 10%); ${failed.deep + failed.short} failed`,
  );
  console.log(`  the same net of the model's ${FIRST_MS} ms: deep p50 ${ms(d50 - FIRST_MS)}, short p50 ${ms(s50 - FIRST_MS)}`);

  const line = (label, xs) => `${label} p50 ${ms(pct(xs, 50))} / p95 ${ms(pct(xs, 95))}`;
  const newest = await timeIt(() => trpcGet(app.base, user.cookie, "messages.list", { threadId: deep }), 100, 20);
  const shortPage = await timeIt(() => trpcGet(app.base, user.cookie, "messages.list", { threadId: short }), 100, 20);
  const treeOf = await timeIt(() => trpcGet(app.base, user.cookie, "threads.tree", { threadId: forTree }), 100, 20);
  const treeNodes = (await trpcGet(app.base, user.cookie, "threads.tree", { threadId: forTree })).result.data.json.columns.ids.length;
  // A switch at an old fork and back: the leaf left under it, found and made active.
  const p = deep.slice(0, 8);
  let flip = false;
  const switches = await timeIt(
    () => trpcPost(app.base, user.cookie, "threads.setActiveLeaf", { threadId: deep, messageId: (flip = !flip) ? `${p}-b-1-1` : `${p}-m-2` }),
    60,
    10,
  );
  const reference = await timeIt(() => trpcGet(app.base, user.cookie, "teams.list", {}), 100, 20);
  console.log(
    `${line("messages.list, the newest page of the 5,000-deep path", newest)} (target p95 under 20 ms); ${line("of the 10-message thread", shortPage)}; ${line(`threads.tree of ${treeNodes} messages`, treeOf)} (target p95 under 50 ms); ${line("threads.setActiveLeaf at an old fork", switches)}; ${line("teams.list, for reference", reference)}`,
  );
  if (process.env.BENCH_EXPLAIN) {
    const plans = {
      "the newest page of the deep path": `with recursive path as (select m.id, m.parent_message_id, 1 as depth from messages m join threads t on t.leaf_message_id = m.id where t.id = '${deep}'
        union all select m.id, m.parent_message_id, path.depth + 1 from messages m join path on m.id = path.parent_message_id where path.depth < 201)
        select p.id, (select array_agg(s.id order by s.seq) from messages s where s.thread_id = '${deep}' and (s.parent_message_id = p.parent_message_id or (s.parent_message_id is null and p.parent_message_id is null))) from path p`,
      "the tree": `select m.id, m.parent_message_id, m.role, left(m.text, 120) from threads t left join messages m on m.thread_id = t.id where t.id = '${forTree}' order by m.seq`,
    };
    for (const [label, q] of Object.entries(plans)) {
      const plan = (await db.query(`explain analyze ${q}`)).map((r) => Object.values(r)[0]);
      console.log(`SQL ${label}: ${plan.filter((l) => /Execution Time|Scan|Loop/.test(l)).map((l) => l.trim()).slice(0, 8).join(" | ")}`);
    }
  }
  await app.stop();
}
