import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { env } from "@/env";
import { getDb } from "@/server/db/client";
import { sendMail } from "@/server/mail";
import { sharedAuthRateLimitStorage } from "@/server/shared-limiter";
import * as schema from "@/server/db/schema";
import { buildAuthOptions } from "./options";

/**
 * BETTER_AUTH_SECRET when set; otherwise a secret made on first start and kept in the data
 * folder, so the embedded setup needs no configuration and sessions survive restarts.
 */
export function resolveAuthSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const dir = env.SIDEKIQ_DATA_DIR === "memory://" ? path.join(".data") : env.SIDEKIQ_DATA_DIR;
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function createAuth() {
  return betterAuth(
    buildAuthOptions({
      db: getDb(),
      schema,
      secret: resolveAuthSecret(),
      baseURL: env.BETTER_AUTH_URL,
      fallbackURL: `http://localhost:${env.PORT}`,
      rateLimit: env.NODE_ENV === "production" && !env.AUTH_RATE_LIMIT_DISABLED,
      rateLimitStorage: sharedAuthRateLimitStorage(),
      sendInvitation: ({ email, teamName, inviterName, url }) =>
        sendMail({ to: email, subject: `${inviterName} invited you to ${teamName} on Sidekiq`, text: `${inviterName} invited you to join the team ${teamName} on Sidekiq.\n\nAccept the invitation: ${url}\n\nIt expires in a week.` }),
    }),
  );
}

export type Auth = ReturnType<typeof createAuth>;
export type SessionUser = Auth["$Infer"]["Session"]["user"];

const g = globalThis as typeof globalThis & { __sidekiqAuth?: Auth };

export function getAuth(): Auth {
  g.__sidekiqAuth ??= createAuth();
  return g.__sidekiqAuth;
}
