import type { BetterAuthOptions } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { containsUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "../../lib/schemas/text";

export type AuthOptionsInput = {
  // Typed loosely so the schema CLI can build options before the generated schema exists.
  db: PgDatabase<PgQueryResultHKT, Record<string, unknown>>;
  schema?: Record<string, unknown>;
  secret: string;
  baseURL?: string;
  /** Used when a call carries no host header (and as the origin of emails' links later). */
  fallbackURL?: string;
  /** Better Auth's own per-IP limiter; the e2e suite signs up many users from one address. */
  rateLimit?: boolean;
  /** Where it counts, when not in this process's memory (Redis, shared by every instance). */
  rateLimitStorage?: NonNullable<BetterAuthOptions["rateLimit"]>["customStorage"];
  /** Mails a team invitation's link (when SMTP is configured). */
  sendInvitation?: (invitation: { email: string; teamName: string; inviterName: string; url: string }) => Promise<unknown>;
};

/** Where an invitation is accepted. */
export const invitationPath = (id: string) => `/invite/${id}`;
export const INVITATION_DAYS = 7;

/** Everything about accounts in one place, shared by the app and the schema generator. */
export function buildAuthOptions({ db, schema, secret, baseURL, fallbackURL, rateLimit, rateLimitStorage, sendInvitation }: AuthOptionsInput) {
  return {
    appName: "Sidekiq",
    secret,
    baseURL: baseURL ?? { allowedHosts: ["localhost:*", "127.0.0.1:*", "[::1]:*"], protocol: "http", fallback: fallbackURL },
    database: drizzleAdapter(db, { provider: "pg", schema }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24, cookieCache: { enabled: true, maxAge: 60 } },
    rateLimit: { enabled: rateLimit, ...(rateLimitStorage ? { customStorage: rateLimitStorage } : {}) },
    telemetry: { enabled: false },
    hooks: {
      // A NUL or a lone surrogate in any field (a reset token, a name) reached PostgreSQL, which
      // cannot store it, and answered 500. Refuse it up front, whatever the endpoint.
      before: createAuthMiddleware(async (ctx) => {
        if (containsUnstorableText(ctx.body) || containsUnstorableText(ctx.query) || containsUnstorableText(ctx.params)) {
          throw new APIError("BAD_REQUEST", { message: UNSTORABLE_TEXT_MESSAGE });
        }
      }),
    },
    plugins: [
      // Teams. Anyone may make one; its owners and admins invite, by a link that only the invited
      // address can accept, for a week.
      organization({
        invitationExpiresIn: INVITATION_DAYS * 24 * 60 * 60,
        cancelPendingInvitationsOnReInvite: true,
        sendInvitationEmail: async (data, request) => {
          const origin = request ? new URL(request.url).origin : (fallbackURL ?? "");
          await sendInvitation?.({ email: data.email, teamName: data.organization.name, inviterName: data.inviter.user.name, url: `${origin}${invitationPath(data.id)}` });
        },
      }),
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}
