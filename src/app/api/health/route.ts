import { sql } from "drizzle-orm";
import { getDbHandle } from "@/server/db/client";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const handle = getDbHandle();
  const started = performance.now();
  try {
    await Promise.race([
      handle.db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000)),
    ]);
    return Response.json({ status: "ok", database: { kind: handle.kind, state: "up", latencyMs: Math.round(performance.now() - started) } });
  } catch {
    return Response.json({ status: "degraded", database: { kind: handle.kind, state: "down" } }, { status: 503 });
  }
}
