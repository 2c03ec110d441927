import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/server/db/client";
import { SESSION_TOUCH_MS, touchSession } from "@/server/db/queries/sessions";
import { errorSummary } from "@/server/errors";
import { logger } from "@/server/logger";
import { getAuth, type SessionUser } from "./auth";
import { verifiedSessions } from "./session-eviction";
import type { RequestSession } from "./verified-sessions";

/**
 * The signed-in user for a request's headers, or null, with the Set-Cookie headers Better Auth
 * wants on the response (a session it refreshed). Route handlers add `setCookies` to their
 * responses.
 */
export async function getRequestSession(h: Headers): Promise<RequestSession<SessionUser> | null> {
  return verifiedSessions<SessionUser>().session(h.get("cookie"), async () => {
    const { headers: responseHeaders, response } = await getAuth().api.getSession({ headers: h, returnHeaders: true });
    if (!response) return null;
    if (Date.now() - new Date(response.session.updatedAt).getTime() > SESSION_TOUCH_MS) {
      void touchSession(getDb(), response.session.id).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, "could not mark a session active"));
    }
    return { ...response, setCookies: responseHeaders.getSetCookie() };
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
