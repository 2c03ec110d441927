import "server-only";
import { env } from "@/env";
import { getRegistry } from "@/server/ai/registry";
import { getDbHandle } from "@/server/db/client";
import { runMigrations } from "@/server/db/migrate";
import { logger } from "@/server/logger";

/** Runs once per server process, before the first request: migrate, then say what we found. */
export async function bootstrap(): Promise<void> {
  const handle = getDbHandle();
  try {
    await runMigrations(handle.kind === "pglite" ? { kind: "pglite", client: handle.client } : { kind: "postgres", url: env.DATABASE_URL! });
  } catch (error) {
    logger.fatal({ err: (error as Error).message, database: handle.location }, "database migration failed; not starting");
    console.error(`\nSidekiq could not migrate the database (${handle.location}): ${(error as Error).message}\n`);
    process.exit(1);
  }
  const registry = getRegistry();
  const models = registry.hasProviders ? await registry.listModels() : [];
  logger.info(
    {
      database: handle.kind === "pglite" ? `embedded PGlite in ${handle.location}` : `PostgreSQL ${handle.location}`,
      providers: registry.configured.map((p) => p.id),
      models: models.map((m) => m.id),
      defaultModel: models.find((m) => m.isDefault)?.id ?? null,
    },
    registry.hasProviders ? "ready" : "ready; no AI provider configured (set OPENAI_COMPATIBLE_BASE_URL, OPENAI_API_KEY, ...)",
  );
}
