import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getAuth, type SessionUser } from "./auth";
import { type RequestSession, VerifiedSessions } from "./verified-sessions";

const g = globalThis as typeof globalThis & { __sidekiqSessions?: VerifiedSessions<SessionUser> };

/**
 * The signed-in user for a request's headers, or null, with the Set-Cookie headers Better Auth
 * wants on the response: once its 60 s session cache cookie has expired it reads the session from
 * the database and issues a fresh one, and a response that drops it makes every later request
 * pay that read again. Route handlers add `setCookies` to their responses.
 */
export async function getRequestSession(h: Headers): Promise<RequestSession<SessionUser> | null> {
  g.__sidekiqSessions ??= new VerifiedSessions<SessionUser>();
  return g.__sidekiqSessions.session(h.get("cookie"), async () => {
    const { headers: responseHeaders, response } = await getAuth().api.getSession({ headers: h, returnHeaders: true });
    return response ? { ...response, setCookies: responseHeaders.getSetCookie() } : null;
  });
}

/** The signed-in user for a request's headers, or null (when the response cannot set cookies). */
export async function getUserFromHeaders(h: Headers): Promise<SessionUser | null> {
  return (await getRequestSession(h))?.user ?? null;
}

/** Adds a session's refreshed cookies to a response. */
export function withSessionCookies(res: Response, session: { setCookies: string[] } | null | undefined): Response {
  if (!session?.setCookies.length) return res;
  for (const c of session.setCookies) res.headers.append("set-cookie", c);
  return res;
}

/** Cached per render, for pages and layouts. */
export const getCurrentUser = cache(async () => getUserFromHeaders(await headers()));
