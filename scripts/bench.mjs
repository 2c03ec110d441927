// `npm run bench`: the built app on PGlite and on PostgreSQL against the fake LLM (200 tokens a
// reply, 50 ms to the first token, 10 ms between tokens). Prints what the app adds to the model's
// own timing at 1, 50 and 200 concurrent chats, its CPU per reply, memory, and list latencies on
// a big account. Numbers only; nothing here passes or fails.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import superjson from "superjson";
import { startFakeLlm } from "../tests/support/fake-llm.ts";
import { buildIfStale } from "./lib/build.mjs";
import { serverProcess } from "./lib/node-flags.mjs";

const TOKENS = 200;
const FIRST_MS = 50;
const GAP_MS = 10;
const MODEL_TOTAL_MS = FIRST_MS + (TOKENS - 1) * GAP_MS;
const PORT = Number(process.env.BENCH_PORT || 3310);
const BASE = `http://127.0.0.1:${PORT}`;
const PG_ADMIN = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const only = process.argv[2]; // "pglite" | "postgres" to run one

console.log(`Sidekiq bench on Node ${process.version}, ${TOKENS} tokens/reply, ${FIRST_MS} ms first token, ${GAP_MS} ms between tokens`);
buildIfStale();

const fake = await startFakeLlm({ defaults: { tokens: TOKENS, firstTokenDelayMs: FIRST_MS, delayMs: GAP_MS } });

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "n/a");

// directTtft is hoisted (a function declaration), so the baseline runs before the app starts.
await directTtft(5);
const direct = await directTtft();
console.log(`Baseline, the bench's client against the fake LLM directly: first token ${ms(pct(direct, 50))} (p50) / ${ms(pct(direct, 95))} (p95) after the model's ${FIRST_MS} ms`);

function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  return { cpuMs: (ticks * 1000) / 100, rssMiB: rssKb / 1024 };
}

// Servers this run started and that have not exited: whatever ends the run stops them.
const liveApps = new Set();

async function startApp(env) {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const server = serverProcess("scripts/serve.mjs", {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOSTNAME: "127.0.0.1",
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    DEFAULT_MODEL: "openai-compatible:fake-model",
    AUTH_RATE_LIMIT_DISABLED: "1",
    CHAT_RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "error",
    ...env,
  });
  const child = spawn(process.execPath, [...nodeArgs, ...server.args], { stdio: ["ignore", "ignore", "inherit"], env: server.env });
  liveApps.add(child);
  child.once("exit", () => liveApps.delete(child));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("app did not start");
}

async function stopApp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

// What a bench run must undo however it ends (an error, Ctrl-C): its app and its database.
const teardowns = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    for (const t of teardowns) await t().catch(() => {});
    process.exit(130);
  });
}

async function signUp(i) {
  const res = await fetch(`${BASE}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email: `bench-${i}-${randomUUID().slice(0, 6)}@example.com`, password: "bench password 123", name: `Bench ${i}` }),
  });
  if (!res.ok) throw new Error(`sign-up ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { user } = await res.json();
  return { cookie, userId: user.id };
}

/** Keeps a user's cookies up to date from a response, as a browser does (the session cache cookie is refreshed). */
function keepCookies(user, res) {
  const jar = new Map(user.cookie.split("; ").map((c) => [c.slice(0, c.indexOf("=")), c]));
  for (const c of res.headers.getSetCookie()) {
    const pair = c.split(";")[0];
    jar.set(pair.slice(0, pair.indexOf("=")), pair);
  }
  user.cookie = [...jar.values()].join("; ");
}

/** One chat: POST a new message (into a new thread unless one is given) and read the stream to its end. */
async function oneChat(user, { threadId, text = "Benchmark question" } = {}) {
  const newThread = threadId ? undefined : true;
  threadId ??= randomUUID();
  const t0 = performance.now();
  let first = NaN;
  try {
    const res = await fetch(`${BASE}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: user.cookie },
      body: JSON.stringify({
        threadId,
        modelId: "openai-compatible:fake-model",
        message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] },
        newThread, // as the app's own client says for the first message of a chat
      }),
    });
    if (res.status !== 200) return { ok: false };
    keepCookies(user, res);
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let body = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const s = dec.decode(value, { stream: true });
      if (Number.isNaN(first) && s.includes('"text-delta"')) first = performance.now() - t0;
      body += s;
    }
    const ok = body.includes('"type":"finish"') && !body.includes('"type":"error"');
    return { ok, ttft: first, total: performance.now() - t0 };
  } catch {
    return { ok: false };
  }
}

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

async function load({ users, concurrency, chats, pid, text }) {
  const results = [];
  let next = 0;
  const before = procStats(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < chats) {
        next++;
        results.push(await oneChat(users[w % users.length], { text }));
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const after = procStats(pid);
  const ok = results.filter((r) => r.ok);
  return {
    concurrency,
    chats,
    errors: results.length - ok.length,
    addedTtft: ok.map((r) => r.ttft - FIRST_MS),
    addedTotal: ok.map((r) => r.total - MODEL_TOTAL_MS),
    perSec: ok.length / wall,
    cpuPerReply: (after.cpuMs - before.cpuMs) / Math.max(1, ok.length),
    rssMiB: after.rssMiB,
  };
}

async function timeIt(fn, n = 40) {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return xs;
}

async function trpcGet(cookie, proc, input) {
  const res = await fetch(`${BASE}/api/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`${proc} ${res.status}`);
  return res.json();
}

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
];

async function benchOne(kind) {
  console.log(`\n=== ${kind === "pglite" ? "PGlite (embedded)" : "PostgreSQL"} ===`);
  let env;
  let seed;
  let cleanup = async () => {};
  if (kind === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "sidekiq-bench-"));
    env = { SIDEKIQ_DATA_DIR: dir, DATABASE_URL: "" };
    seed = async (sqls) => {
      const client = new PGlite(dir);
      for (const q of sqls) await client.exec(q);
      await client.close();
    };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = `sidekiq_bench_${Date.now()}`;
    const admin = postgres(PG_ADMIN, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString(), BETTER_AUTH_SECRET: "bench-secret-0123456789abcdefghijkl" };
    seed = async (sqls) => {
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      for (const q of sqls) await sql.unsafe(q);
      await sql.end();
    };
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }

  const teardown = async () => {
    teardowns.delete(teardown);
    for (const app of liveApps) await stopApp(app);
    await cleanup();
  };
  teardowns.add(teardown);
  try {
    await runBench(kind, env, seed);
  } finally {
    await teardown();
  }
}

async function runBench(kind, env, seed) {
  let app = await startApp(env);
  const users = [];
  for (let i = 0; i < 20; i++) users.push(await signUp(i));
  const big = users[0];
  const longThread = randomUUID();
  // PGlite's folder has one owner at a time: seed between runs of the app.
  if (kind === "pglite") await stopApp(app);
  await seed(SEED_SQL(big.userId, longThread));
  if (kind === "pglite") app = await startApp(env);
  const chatUsers = users.slice(1);

  await load({ users: chatUsers, concurrency: 4, chats: 20, pid: app.pid }); // warm-up
  // BENCH_WARMUP=N: N more short chats first, for a server whose per-request code V8 has had time
  // to optimize (a long-running one); without it, the 1-chat numbers are those of a fresh start.
  const warmup = Number(process.env.BENCH_WARMUP || 0);
  if (warmup > 0) await load({ users: chatUsers, concurrency: 4, chats: warmup, pid: app.pid, text: "Warm-up #tokens:5" });
  console.log("concurrency | replies/s | added TTFT p50 / p95 / p99      | added total p50 / p95 / p99    | errors | CPU/reply | RSS");
  let oneAtATime;
  const phases = process.env.BENCH_QUICK ? [[50, 200]] : [[1, 60], [50, 200], [200, 600]];
  for (const [concurrency, chats] of phases) {
    const r = await load({ users: chatUsers, concurrency, chats, pid: app.pid });
    if (concurrency === 1) oneAtATime = r;
    console.log(
      `${String(concurrency).padStart(11)} | ${r.perSec.toFixed(1).padStart(9)} | ${[50, 95, 99].map((p) => ms(pct(r.addedTtft, p))).join(" / ").padEnd(31)} | ${[50, 95, 99].map((p) => ms(pct(r.addedTotal, p))).join(" / ").padEnd(30)} | ${String(r.errors).padStart(6)} | ${ms(r.cpuPerReply).padStart(9)} | ${r.rssMiB.toFixed(0)} MiB`,
    );
  }
  if (oneAtATime) {
    // "Added" above counts from the model's 50 ms, so it includes what the bench's own client and
    // the fake add on every call; the baseline measured that without the app.
    const own = pct(oneAtATime.addedTtft, 50) - pct(direct, 50);
    console.log(`1 chat at a time: added TTFT p50 ${ms(pct(oneAtATime.addedTtft, 50))}, of which the app's own (minus the ${ms(pct(direct, 50))} baseline) ${ms(own)}`);
  }
  if (!process.env.BENCH_QUICK) {
    // Follow-ups: one at a time into a thread that already holds 10 messages (short replies: only
    // the first token is timed here).
    const user = chatUsers[0];
    const threadId = randomUUID();
    await oneChat(user, { threadId, text: "Opening question #tokens:5" });
    for (let i = 0; i < 4; i++) await oneChat(user, { threadId, text: `Earlier question ${i} #tokens:5` });
    const follow = [];
    for (let i = 0; i < 20; i++) follow.push(await oneChat(user, { threadId, text: `Follow-up ${i} #tokens:20` }));
    const ok = follow.filter((r) => r.ok).map((r) => r.ttft - FIRST_MS);
    console.log(`follow-ups in a 10+ message thread, 1 at a time: added TTFT p50 ${ms(pct(ok, 50))}, p95 ${ms(pct(ok, 95))}, ${follow.length - ok.length} errors`);
  }
  if (process.env.BENCH_QUICK) return;
  const burst = await load({ users: chatUsers, concurrency: 300, chats: 300, pid: app.pid });
  // V8 and PGlite keep a burst's memory for a few seconds; V8's memory reducer then returns what is free.
  const rssAt = [];
  for (const s of [2, 5, 10]) {
    await new Promise((r) => setTimeout(r, (s - (rssAt.at(-1)?.s ?? 0)) * 1000));
    rssAt.push({ s, mib: procStats(app.pid).rssMiB });
  }
  console.log(
    `300-chat burst: ${burst.errors} errors, ${burst.perSec.toFixed(1)} replies/s, RSS at its end ${burst.rssMiB.toFixed(0)} MiB, then ${rssAt.map((r) => `${r.mib.toFixed(0)} MiB after ${r.s} s`).join(", ")}`,
  );

  const cursor = { isPinned: false, lastActivityAt: new Date(Date.now() - 9_000 * 60_000), id: "seed-9000" };
  const listFirst = await timeIt(() => trpcGet(big.cookie, "threads.list", { limit: 50 }));
  const listDeep = await timeIt(() => trpcGet(big.cookie, "threads.list", { limit: 50, cursor }));
  const msgs = await timeIt(() => trpcGet(big.cookie, "messages.list", { threadId: longThread, limit: 200 }));
  const msgsAll = await timeIt(() => trpcGet(big.cookie, "messages.list", { threadId: longThread, limit: 500 }), 20);
  console.log(`threads.list (10,000 threads), first page of 50: p50 ${ms(pct(listFirst, 50))}, p95 ${ms(pct(listFirst, 95))}`);
  console.log(`threads.list (10,000 threads), page deep in the list: p50 ${ms(pct(listDeep, 50))}, p95 ${ms(pct(listDeep, 95))}`);
  console.log(`messages.list (2,000 messages), newest 200: p50 ${ms(pct(msgs, 50))}, p95 ${ms(pct(msgs, 95))}`);
  console.log(`messages.list (2,000 messages), newest 500: p50 ${ms(pct(msgsAll, 50))}, p95 ${ms(pct(msgsAll, 95))}`);
}

try {
  for (const kind of ["pglite", "postgres"]) if (!only || only === kind) await benchOne(kind);
} finally {
  await fake.close();
}
