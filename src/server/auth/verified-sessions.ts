import { LRUCache } from "lru-cache";

/**
 * How long a verified session is trusted without asking Better Auth again, unless it is evicted
 * first: a sign-out, a revoked session, "sign out everywhere" or a password change evicts it on
 * every instance within about a millisecond (./session-eviction.ts), so this window is only how
 * often a session that nobody ended is read again.
 */
export const VERIFIED_SESSION_MS = 30_000;

type Verified<U> = { user: U; session: { expiresAt: Date | string | number; token?: string }; setCookies?: string[] } | null;

/** A request's user, and the cookies Better Auth asked to set on its response (a refreshed session). */
export type RequestSession<U> = { user: U; setCookies: string[] };

/** What to forget: one session (by its token), or every session of a user. */
export type Eviction = { token?: string; userId?: string };

type Entry<U> = { user: U; token: string | undefined; userId: string | undefined };

/**
 * Sessions already verified by Better Auth, keyed by the request's exact cookie header. Checking a
 * session costs a database read (Better Auth's cookie cache is off: nothing could revoke a signed
 * cookie already in a browser), paid before every chat message and every tRPC call. The same
 * cookie header seen again within the window gets the same answer without that work; any change
 * to the cookies is a different key, and only signed-in answers are kept. A cached answer sets no
 * cookies: the browser already has them.
 */
export class VerifiedSessions<U extends object> {
  private readonly cache: LRUCache<string, Entry<U>>;
  private readonly byToken = new Map<string, Set<string>>();
  private readonly byUser = new Map<string, Set<string>>();
  /** Bumped by every eviction: an answer fetched across one is not kept. */
  private generation = 0;

  constructor({ max = 10_000, ttlMs = VERIFIED_SESSION_MS, now }: { max?: number; ttlMs?: number; now?: () => number } = {}) {
    this.cache = new LRUCache<string, Entry<U>>({
      max,
      ttl: ttlMs,
      ttlResolution: 0,
      ...(now ? { perf: { now } } : {}),
      // Whenever an entry goes (expired, pushed out, replaced or evicted), so does its index.
      dispose: (entry, key) => {
        unindex(this.byToken, entry.token, key);
        unindex(this.byUser, entry.userId, key);
      },
    });
  }

  async session(cookieHeader: string | null, verify: () => Promise<Verified<U>>): Promise<RequestSession<U> | null> {
    const known = cookieHeader ? this.cache.get(cookieHeader) : undefined;
    if (known) return { user: known.user, setCookies: [] };
    // An eviction while Better Auth is asked must not be undone by this answer.
    const generation = this.generation;
    const verified = await verify();
    if (!verified) return null;
    // Never past the session's own end.
    const ttl = Math.min(this.cache.ttl, new Date(verified.session.expiresAt).getTime() - Date.now());
    if (cookieHeader && ttl > 0 && generation === this.generation) {
      const userId = (verified.user as { id?: unknown }).id;
      const entry = { user: verified.user, token: verified.session.token, userId: typeof userId === "string" ? userId : undefined };
      this.cache.set(cookieHeader, entry, { ttl });
      index(this.byToken, entry.token, cookieHeader);
      index(this.byUser, entry.userId, cookieHeader);
    }
    return { user: verified.user, setCookies: verified.setCookies ?? [] };
  }

  /** Forgets a session, or all of a user's: their next request is verified again. */
  evict({ token, userId }: Eviction): number {
    this.generation++;
    const keys = new Set([...(token ? (this.byToken.get(token) ?? []) : []), ...(userId ? (this.byUser.get(userId) ?? []) : [])]);
    for (const key of keys) this.cache.delete(key);
    return keys.size;
  }
}

function index(map: Map<string, Set<string>>, id: string | undefined, key: string) {
  if (!id) return;
  let keys = map.get(id);
  if (!keys) map.set(id, (keys = new Set()));
  keys.add(key);
}

function unindex(map: Map<string, Set<string>>, id: string | undefined, key: string) {
  if (!id) return;
  const keys = map.get(id);
  keys?.delete(key);
  if (keys?.size === 0) map.delete(id);
}
