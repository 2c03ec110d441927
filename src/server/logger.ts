import "server-only";
import pino from "pino";
import { env } from "@/env";

/** Structured logs, one JSON line per event. Never log prompts, replies or keys. */
export const logger = pino({
  level: env.NODE_ENV === "test" ? "silent" : env.LOG_LEVEL,
  base: undefined,
  redact: { paths: ["*.apiKey", "*.authorization", "*.cookie", "*.password", "*.secret"], remove: true },
});
