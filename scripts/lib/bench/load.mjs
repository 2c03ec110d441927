// The bench's client side: users, one chat read to its end, concurrent load, and the numbers.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mergeCookies } from "../../../tests/support/http-client.ts";

export const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
export const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : "n/a");
export const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** CPU time and resident memory of a process, from /proc. */
export function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
  return { cpuMs: (ticks * 1000) / 100, rssMiB: rssKb / 1024 };
}

export async function waitHealthy(base, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode})`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await sleep(150);
  }
  throw new Error("server did not become healthy");
}

export async function signUp(base, i) {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: `bench-${i}-${randomUUID().slice(0, 6)}@example.com`, password: "bench password 123", name: `Bench ${i}` }),
  });
  if (!res.ok) throw new Error(`sign-up ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { user } = await res.json();
  return { cookie, userId: user.id };
}

/**
 * One chat: POST a new message (into a new thread unless one is given) and read the stream to its
 * end. `newThread` is what the core chat's client sent with a chat's first message; later
 * commits ignore it.
 */
export async function oneChat(base, user, { threadId, text = "Benchmark question", onFirstToken, extra } = {}) {
  const newThread = threadId ? undefined : true;
  threadId ??= randomUUID();
  const t0 = performance.now();
  let first = NaN;
  try {
    const res = await fetch(`${base}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie: user.cookie },
      body: JSON.stringify({ threadId, modelId: "openai-compatible:fake-model", message: { id: randomUUID(), role: "user", parts: [{ type: "text", text }] }, newThread, ...extra }),
    });
    if (res.status !== 200) return { ok: false, status: res.status, threadId };
    // As a browser does: the session cache cookie is refreshed.
    user.cookie = mergeCookies(user.cookie, res);
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let body = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const s = dec.decode(value, { stream: true });
      if (Number.isNaN(first) && s.includes('"text-delta"')) {
        first = performance.now() - t0;
        onFirstToken?.();
      }
      body += s;
    }
    const ok = body.includes('"type":"finish"') && !body.includes('"type":"error"');
    return { ok, ttft: first, total: performance.now() - t0, threadId };
  } catch (error) {
    return { ok: false, error: error.message, threadId };
  }
}

/** `chats` chats, `concurrency` at a time, measured: throughput, added latency, the servers' CPU and memory. */
export async function load({ base, users, concurrency, chats, pids, text, firstTokenMs, modelTotalMs }) {
  const results = [];
  let next = 0;
  const before = pids.map(procStats);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < chats) {
        next++;
        results.push(await oneChat(base, users[w % users.length], { text }));
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const after = pids.map(procStats);
  const ok = results.filter((r) => r.ok);
  const cpuMs = after.reduce((n, a, i) => n + a.cpuMs - before[i].cpuMs, 0);
  return {
    concurrency,
    chats,
    ok: ok.length,
    errors: results.length - ok.length,
    addedTtft: ok.map((r) => r.ttft - firstTokenMs),
    addedTotal: ok.map((r) => r.total - modelTotalMs),
    perSec: ok.length / wall,
    cpuPerReply: cpuMs / Math.max(1, ok.length),
    rssMiB: after.reduce((n, a) => n + a.rssMiB, 0),
  };
}
