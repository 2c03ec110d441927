import { LRUCache } from "lru-cache";

/**
 * How long a verified session is trusted without asking Better Auth again. Better Auth's own
 * cookie cache (60 s, see options.ts) already trusts a signed session cookie that long without
 * reading the database, so a revoked session can keep working for up to a minute either way; this
 * stays inside that bound.
 */
export const VERIFIED_SESSION_MS = 30_000;

type Verified<U> = { user: U; session: { expiresAt: Date | string | number }; setCookies?: string[] } | null;

/** A request's user, and the cookies Better Auth asked to set on its response (a refreshed session cache). */
export type RequestSession<U> = { user: U; setCookies: string[] };

/**
 * Sessions already verified by Better Auth, keyed by the request's exact cookie header. Checking a
 * session costs about a millisecond (HMAC checks of two signed cookies on the crypto thread pool,
 * plus Better Auth's endpoint pipeline), paid before every chat message and every tRPC call. The
 * same cookie header seen again within the window gets the same answer without that work; any
 * change to the cookies (a refreshed cache cookie, a new sign-in) is a different key, and only
 * signed-in answers are kept. A cached answer sets no cookies: the browser already has them.
 */
export class VerifiedSessions<U extends object> {
  private readonly cache: LRUCache<string, U>;

  constructor({ max = 10_000, ttlMs = VERIFIED_SESSION_MS, now }: { max?: number; ttlMs?: number; now?: () => number } = {}) {
    this.cache = new LRUCache<string, U>({ max, ttl: ttlMs, ttlResolution: 0, ...(now ? { perf: { now } } : {}) });
  }

  async session(cookieHeader: string | null, verify: () => Promise<Verified<U>>): Promise<RequestSession<U> | null> {
    const known = cookieHeader ? this.cache.get(cookieHeader) : undefined;
    if (known) return { user: known, setCookies: [] };
    const verified = await verify();
    if (!verified) return null;
    // Never past the session's own end.
    const ttl = Math.min(this.cache.ttl, new Date(verified.session.expiresAt).getTime() - Date.now());
    if (cookieHeader && ttl > 0) this.cache.set(cookieHeader, verified.user, { ttl });
    return { user: verified.user, setCookies: verified.setCookies ?? [] };
  }
}
