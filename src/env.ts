import { z } from "zod";

// Empty strings count as unset, so `FOO=` in a .env file does not turn into a bogus value.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());

const serverSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: optionalUrl,
  SIDEKIQ_DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default(".data")),
  BETTER_AUTH_SECRET: optional,
  BETTER_AUTH_URL: optionalUrl,
  OPENAI_API_KEY: optional,
  ANTHROPIC_API_KEY: optional,
  GOOGLE_GENERATIVE_AI_API_KEY: optional,
  OPENROUTER_API_KEY: optional,
  AI_GATEWAY_API_KEY: optional,
  OPENAI_COMPATIBLE_BASE_URL: optionalUrl,
  // Another address for a hosted provider's API (a proxy, a regional endpoint; the provider contract tests).
  OPENAI_BASE_URL: optionalUrl,
  ANTHROPIC_BASE_URL: optionalUrl,
  GOOGLE_GENERATIVE_AI_BASE_URL: optionalUrl,
  OPENROUTER_BASE_URL: optionalUrl,
  OPENAI_COMPATIBLE_API_KEY: optional,
  OPENAI_COMPATIBLE_MODELS: optional,
  // The context window of an OpenAI-compatible server's models when its GET /models reports none
  // (Ollama: set it to the num_ctx the server runs with).
  OPENAI_COMPATIBLE_CONTEXT_WINDOW: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1_024).optional()),
  // The context window of a model nobody reports one for (not in the catalog, no server report).
  DEFAULT_CONTEXT_WINDOW: z.coerce.number().int().min(1_024).default(128_000),
  EXTRA_MODELS: optional,
  DEFAULT_MODEL: optional,
  TITLE_MODEL: optional,
  CHAT_FIRST_CHUNK_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  CHAT_CHUNK_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  CHAT_MAX_OUTPUT_TOKENS: z.coerce.number().int().positive().default(8192),
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  // A streaming reply's row is checkpointed (its parts so far, and a heartbeat) this often.
  CHAT_CHECKPOINT_MS: z.coerce.number().int().min(50).default(1_000),
  // A streaming row whose heartbeat is older than this has lost its writer and is swept to interrupted.
  CHAT_STREAM_LEASE_MS: z.coerce.number().int().min(1_000).default(15_000),
  // On SIGTERM, running replies get this long to finish before they are saved as interrupted.
  CHAT_DRAIN_MS: z.coerce.number().int().min(0).default(30_000),
  REDIS_URL: optionalUrl,
  // Invitations are mailed through this SMTP server (smtp://user:pass@host:587); without it, the inviter copies the link.
  SMTP_URL: optionalUrl,
  SMTP_FROM: optional,
  AUTH_RATE_LIMIT_DISABLED: z.preprocess((v) => v === "1" || v === "true", z.boolean()).default(false),
  // Which hops in front of the server to believe about the client's address: a count of proxies, or
  // a comma list of their addresses and CIDR ranges. Unset: the socket's peer is the client.
  TRUSTED_PROXIES: optional,
  // Wrong passwords one account may get in 15 minutes, from any address, before sign-in waits.
  SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  // Accounts one address may make in an hour.
  SIGN_UPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  // tRPC mutations one user may make in a minute (0: no limit).
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  // Conversations one import file may bring (the rest are left out, and the report says so).
  IMPORT_MAX_CONVERSATIONS: z.coerce.number().int().min(1).default(20_000),
  // What a zip may inflate to, in MB (its entries in all, and each one).
  IMPORT_MAX_INFLATED_MB: z.coerce.number().int().min(1).default(1_024),
  // What one account may hold.
  QUOTA_FOLDERS: z.coerce.number().int().min(1).default(1_000),
  QUOTA_SIDEKIQS: z.coerce.number().int().min(1).default(500),
  QUOTA_TEAMS: z.coerce.number().int().min(1).default(20),
  QUOTA_SHARES: z.coerce.number().int().min(1).default(1_000),
  // GET /api/health?stats=1 reports the turn runtime's counters (the bench turns it on).
  HEALTH_STATS: z.preprocess((v) => v === "1" || v === "true", z.boolean()).default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof serverSchema>;

function parseEnv(): Env {
  const parsed = serverSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.BETTER_AUTH_SECRET) {
    throw new Error("BETTER_AUTH_SECRET is required in production with a PostgreSQL DATABASE_URL.");
  }
  return env;
}

/** Validated server environment. Read it, never `process.env`. */
export const env: Env = parseEnv();
