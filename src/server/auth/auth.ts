import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { env } from "@/env";
import { getDb } from "@/server/db/client";
import { mailConfigured, sendMail } from "@/server/mail";
import { sharedAuthRateLimitStorage } from "@/server/shared-limiter";
import * as schema from "@/server/db/schema";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { heldCount, quotaMessage, quotaOf } from "@/server/db/queries/quotas";
import { buildAuthOptions } from "./options";
import { evictSessions } from "./session-eviction";
import { signInFailures } from "./sign-in-limit";

/**
 * BETTER_AUTH_SECRET when set; otherwise a secret made on first start and kept in the data
 * folder, so the embedded setup needs no configuration and sessions survive restarts.
 */
export function resolveAuthSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const dir = env.SIDEKIQ_DATA_DIR === "memory://" ? path.join(".data") : env.SIDEKIQ_DATA_DIR;
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
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
      clientAddressHeader: CLIENT_ADDRESS_HEADER,
      signUpsPerHour: env.SIGN_UPS_PER_ADDRESS_PER_HOUR,
      signInFailures: signInFailures(env.SIGN_IN_FAILURES_PER_ACCOUNT),
      onSessionsEnded: evictSessions,
      teamQuota: { max: quotaOf("teams"), owned: (userId) => heldCount(getDb(), "teams", userId), message: quotaMessage("teams") },
      sendVerification: mailConfigured()
        ? ({ email, url }) => sendMail({ to: email, subject: "Confirm your email for Sidekiq", text: `Confirm that this is your email address for Sidekiq:\n\n${url}\n\nThe link works for an hour. If you did not sign up, ignore this message.` })
        : undefined,
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
