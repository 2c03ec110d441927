/**
 * What the security suite measures about the built server while it is attacked: its memory (the
 * kernel's own figures for the process), whether it keeps answering others, and how much of an
 * oversized body it took before it answered.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

/** The process's resident memory now, and its peak so far, in MiB (/proc/<pid>/status: VmRSS, VmHWM). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Samples a process's RSS every 25 ms while `run` runs: the highest it reached above where it started. */
export async function rssGrowth<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; growthMiB: number; startMiB: number }> {
  const start = memoryOf(pid).rss;
  let max = start;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, memoryOf(pid).rss);
    } catch {
      // The process is gone; the test will say so.
    }
  }, 25);
  try {
    const result = await run();
    max = Math.max(max, memoryOf(pid).rss);
    return { result, growthMiB: max - start, startMiB: start };
  } finally {
    clearInterval(timer);
  }
}

export type Probe = { stop: () => Promise<{ count: number; failures: number; p95: number; max: number }> };

/** Asks `path` every `everyMs` (each with a 2 s timeout) until stopped: how often it failed, and how slow it got. */
export function probe(base: string, path = "/api/health", { everyMs = 100, headers = {} as Record<string, string> } = {}): Probe {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(base + path, { headers, signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const sorted = [...latencies].sort((a, b) => a - b);
      return { count: latencies.length, failures, p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, max: sorted.at(-1) ?? 0 };
    },
  };
}

export type HugeResult = { status: number; body: string; sentBytes: number; ms: number };

/**
 * Sends `total` bytes as a chunked body (no Content-Length), or with `declare` as one, after
 * `prefix`; stops sending once the server answers. Node's client, not fetch: fetch sends the whole
 * body before it reads an answer.
 */
export function sendHuge(url: string, { method = "POST", headers = {}, total, prefix = new Uint8Array(0), fill = 0x61, declare }: { method?: string; headers?: Record<string, string>; total: number; prefix?: Uint8Array; fill?: number; declare?: number }): Promise<HugeResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(256 * 1024, fill);
    let sent = 0;
    let answered = false;
    // A keep-alive connection, as a browser's, of its own: the server answers and keeps reading
    // (and dropping) what follows for a while instead of closing on it, and no later request is
    // handed a connection whose body (shorter than it said, with `declare`) the server still reads.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const req = request(url, { agent, method, headers: { ...headers, ...(declare !== undefined ? { "content-length": String(declare) } : { "transfer-encoding": "chunked" }) } });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sentBytes: sent, ms: performance.now() - t0 });
        req.destroy();
        agent.destroy();
      });
    });
    req.on("error", (e) => {
      if (!answered) reject(e);
    });
    const write = () => {
      if (prefix.byteLength && sent === 0) {
        req.write(prefix);
        sent += prefix.byteLength;
      }
      while (!answered && sent < total) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}
