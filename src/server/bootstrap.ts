import "server-only";
import { env } from "@/env";
import { getRegistry } from "@/server/ai/registry";
import { getDbHandle } from "@/server/db/client";
import { tightenDataDir } from "@/server/db/data-dir";
import { runMigrations } from "@/server/db/migrate";
import { keepStatistics } from "@/server/db/statistics";
import { turnRuntime } from "@/server/chat/turn-runtime";
import { logger } from "@/server/logger";

/** Runs once per server process, before the first request: migrate, then say what we found. */
export async function bootstrap(): Promise<void> {
  const handle = getDbHandle();
  if (handle.kind === "pglite" && handle.tightenedFiles) {
    logger.warn({ dataDir: handle.location, files: handle.tightenedFiles }, "the data folder was readable by other users; tightened it to 0700 and its files to 0600");
    console.log(`  Data:      ${handle.location} was readable by other users; tightened ${handle.tightenedFiles} files and folders to owner-only.`);
  }
  try {
    await runMigrations(handle.kind === "pglite" ? { kind: "pglite", client: handle.client } : { kind: "postgres", url: env.DATABASE_URL! });
  } catch (error) {
    logger.fatal({ err: (error as Error).message, database: handle.location }, "database migration failed; not starting");
    console.error(`\nSidekiq could not migrate the database (${handle.location}): ${(error as Error).message}\n`);
    process.exit(1);
  }
  // A new embedded database's files, as PGlite wrote them (0666), are made private now.
  if (handle.kind === "pglite" && handle.newDatabase) tightenDataDir(handle.location);
  // Checkpoints and the sweeper (which also finds replies a previous run left streaming), and the
  // drain that scripts/serve.mjs runs on SIGTERM.
  turnRuntime().start(handle.db);
  // The embedded database has no autovacuum: its planner's statistics are kept here.
  keepStatistics(handle, (err) => logger.warn({ err: (err as Error).message }, "analyze failed"));
  (globalThis as Record<symbol, unknown>)[Symbol.for("sidekiq.shutdown")] = () => turnRuntime().shutdown();
  const registry = getRegistry();
  const models = registry.hasProviders ? await registry.listModels() : [];
  const database = handle.kind === "pglite" ? `embedded PGlite in ${handle.location}` : `PostgreSQL ${handle.location}`;
  const defaultModel = models.find((m) => m.isDefault)?.id ?? null;
  logger.info({ database, providers: registry.configured.map((p) => p.id), models: models.map((m) => m.id), defaultModel }, "ready");
  // A human-readable summary for whoever ran `npm start`.
  console.log(`  Database:  ${database}`);
  if (registry.hasProviders) {
    console.log(`  Providers: ${registry.configured.map((p) => `${p.id} (${p.configuredBy})`).join(", ")}`);
    console.log(`  Models:    ${models.length ? models.map((m) => m.id).join(", ") : "none found"}${defaultModel ? `; default ${defaultModel}` : ""}`);
    for (const [name, id] of [["DEFAULT_MODEL", env.DEFAULT_MODEL], ["TITLE_MODEL", env.TITLE_MODEL]] as const) {
      if (id && !models.some((m) => m.id === id)) {
        logger.warn({ variable: name, modelId: id }, "model not offered by any configured provider; ignored");
        console.log(`  Warning:   ${name}=${id} is not offered by a configured provider (ids are provider:model); ignored.`);
      }
    }
  } else {
    console.log("  Providers: none. Set OPENAI_COMPATIBLE_BASE_URL (Ollama, LM Studio, vLLM), OPENAI_API_KEY, ANTHROPIC_API_KEY,");
    console.log("             GOOGLE_GENERATIVE_AI_API_KEY, OPENROUTER_API_KEY or AI_GATEWAY_API_KEY and restart.");
  }
}
