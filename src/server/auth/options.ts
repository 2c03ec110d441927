import type { BetterAuthOptions } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { organization } from "better-auth/plugins";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { accountFieldIssue } from "../../lib/schemas/account";
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
  /** The request header holding the client's address as the server resolved it (never one a client sets). */
  clientAddressHeader?: string;
  /** Accounts one address may make in an hour (with `rateLimit`). */
  signUpsPerHour?: number;
  /** Wrong passwords per account (with `rateLimit`): checked before a sign-in, counted after one fails. */
  signInFailures?: { wait: (email: string) => Promise<number | null>; fail: (email: string) => Promise<void>; clear: (email: string) => Promise<void> };
  /** Teams one user may own: how many they own now, and the most (a 403 naming it past that). */
  teamQuota?: { max: number; owned: (userId: string) => Promise<number>; message: string };
  /** A session ended, or a user's sessions must be read again (their row changed). */
  onSessionsEnded?: (target: { token?: string; userId?: string }) => void;
  /**
   * Mails an address's verification link. Given (SMTP is configured), accepting an invitation needs
   * a verified address: the invited email must be shown to be the acceptor's, not only typed in.
   */
  sendVerification?: (message: { email: string; url: string }) => Promise<unknown>;
  /** Mails a team invitation's link (when SMTP is configured). */
  sendInvitation?: (invitation: { email: string; teamName: string; inviterName: string; url: string }) => Promise<unknown>;
};

/** The email of a password sign-in, or null for any other request. */
function signInEmail(path: string | undefined, body: unknown): string | null {
  if (path !== "/sign-in/email") return null;
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.length > 0 ? email : null;
}

/** Where an invitation is accepted. */
export const invitationPath = (id: string) => `/invite/${id}`;
export const INVITATION_DAYS = 7;

/** Everything about accounts in one place, shared by the app and the schema generator. */
export function buildAuthOptions({ db, schema, secret, baseURL, fallbackURL, rateLimit, rateLimitStorage, clientAddressHeader, signUpsPerHour = 10, signInFailures, teamQuota, onSessionsEnded, sendVerification, sendInvitation }: AuthOptionsInput) {
  const failures = rateLimit ? signInFailures : undefined;
  return {
    appName: "Sidekiq",
    secret,
    baseURL: baseURL ?? { allowedHosts: ["localhost:*", "127.0.0.1:*", "[::1]:*"], protocol: "http", fallback: fallbackURL },
    database: drizzleAdapter(db, { provider: "pg", schema }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    ...(sendVerification
      ? {
          emailVerification: {
            sendOnSignUp: true,
            autoSignInAfterVerification: true,
            sendVerificationEmail: async ({ user, url }: { user: { email: string }; url: string }) => void (await sendVerification({ email: user.email, url })),
          },
        }
      : {}),
    // No cookie cache: a signed session cookie in a browser is trusted by whoever checks it until it
    // expires, and nothing on the server can take it back. The app's own cache of verified
    // sessions (auth/verified-sessions.ts) is evicted when a session ends, on every instance.
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24, cookieCache: { enabled: false } },
    // Every way a session ends (sign-out, a revoke, all of a user's, a password change, a deleted
    // user) deletes its row through these hooks, one call per session.
    databaseHooks: {
      session: { delete: { after: async (session) => onSessionsEnded?.({ token: session.token, userId: session.userId }) } },
      user: {
        update: { after: async (user) => onSessionsEnded?.({ userId: user.id }) },
        delete: { after: async (user) => onSessionsEnded?.({ userId: user.id }) },
      },
    },
    // Per address (its default for sign-in: 3 tries in 10 s), and accounts per address per hour.
    rateLimit: {
      enabled: rateLimit,
      customRules: { "/sign-up/email": { window: 60 * 60, max: signUpsPerHour } },
      ...(rateLimitStorage ? { customStorage: rateLimitStorage } : {}),
    },
    advanced: { ipAddress: { ipAddressHeaders: clientAddressHeader ? [clientAddressHeader] : [] } },
    telemetry: { enabled: false },
    hooks: {
      // A NUL or a lone surrogate in any field (a reset token, a name) reached PostgreSQL, which
      // cannot store it, and answered 500. Refuse it up front, whatever the endpoint.
      before: createAuthMiddleware(async (ctx) => {
        if (containsUnstorableText(ctx.body) || containsUnstorableText(ctx.query) || containsUnstorableText(ctx.params)) {
          throw new APIError("BAD_REQUEST", { message: UNSTORABLE_TEXT_MESSAGE });
        }
        // Names, slugs, URLs and metadata within their limits, on every endpoint that takes them.
        const issue = accountFieldIssue(ctx.body);
        if (issue) throw new APIError("BAD_REQUEST", { message: issue.message, code: "FIELD_LIMIT", field: issue.field });
        const email = signInEmail(ctx.path, ctx.body);
        const wait = email && failures ? await failures.wait(email) : null;
        if (wait) {
          throw new APIError("TOO_MANY_REQUESTS", { message: `Too many wrong passwords for this account. Try again in ${Math.ceil(wait / 60)} min.` }, { "retry-after": String(wait) });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const email = failures && signInEmail(ctx.path, ctx.body);
        if (!email) return;
        // An APIError (duck-typed: `next build` may bundle Better Auth's classes more than once).
        const status = (ctx.context.returned as { statusCode?: unknown } | undefined)?.statusCode;
        if (status === 401) await failures.fail(email);
        else if (status === undefined) await failures.clear(email);
      }),
    },
    plugins: [
      // Teams. Anyone may make one; its owners and admins invite, by a link that only the invited
      // address can accept, for a week.
      organization({
        invitationExpiresIn: INVITATION_DAYS * 24 * 60 * 60,
        organizationHooks: {
          beforeCreateOrganization: async ({ user }) => {
            if (teamQuota && (await teamQuota.owned(user.id)) >= teamQuota.max) {
              throw new APIError("FORBIDDEN", { message: teamQuota.message, code: "QUOTA_EXCEEDED" });
            }
          },
        },
        cancelPendingInvitationsOnReInvite: true,
        // With mail, only an address shown to be yours by its verification link accepts (or even
        // reads) an invitation to it. Without mail the link itself is the secret, and its page says so.
        requireEmailVerificationOnInvitation: Boolean(sendVerification),
        sendInvitationEmail: async (data, request) => {
          const origin = request ? new URL(request.url).origin : (fallbackURL ?? "");
          await sendInvitation?.({ email: data.email, teamName: data.organization.name, inviterName: data.inviter.user.name, url: `${origin}${invitationPath(data.id)}` });
        },
      }),
      nextCookies(),
    ],
  } satisfies BetterAuthOptions;
}
