import { sql } from "drizzle-orm";
import { env } from "@/env";
import { liveReplies } from "@/server/chat/live-replies";
import { turnRuntime } from "@/server/chat/turn-runtime";
import { getDbHandle } from "@/server/db/client";

export const dynamic = "force-dynamic";

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

/**
 * 200 with the database's state; 503 when it is unreachable or the server is draining (so a load
 * balancer stops sending it work). With HEALTH_STATS=1, `?stats=1` adds the turn runtime's
 * counters (live replies, checkpoint statements and their latency), for the bench.
 */
export async function GET(req: Request): Promise<Response> {
  const handle = getDbHandle();
  const started = performance.now();
  const runtime = turnRuntime();
  const stats =
    env.HEALTH_STATS && new URL(req.url).searchParams.has("stats")
      ? { live: liveReplies().length, checkpoints: runtime.stats.checkpoints, checkpointRows: runtime.stats.rows, checkpointMs: { p50: pct(runtime.stats.latenciesMs, 50), p95: pct(runtime.stats.latenciesMs, 95) } }
      : undefined;
  if (stats && new URL(req.url).searchParams.get("stats") === "reset") Object.assign(runtime.stats, { checkpoints: 0, rows: 0, latenciesMs: [] });
  if (runtime.isDraining) return Response.json({ status: "draining", stats }, { status: 503 });
  try {
    await Promise.race([
      handle.db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000)),
    ]);
    return Response.json({ status: "ok", database: { kind: handle.kind, state: "up", latencyMs: Math.round(performance.now() - started) }, stats });
  } catch {
    return Response.json({ status: "degraded", database: { kind: handle.kind, state: "down" }, stats }, { status: 503 });
  }
}
