import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getAuth, type SessionUser } from "./auth";
import { VerifiedSessions } from "./verified-sessions";

const g = globalThis as typeof globalThis & { __sidekiqSessions?: VerifiedSessions<SessionUser> };

/** The signed-in user for a request's headers, or null. Route handlers pass `req.headers`. */
export async function getUserFromHeaders(h: Headers): Promise<SessionUser | null> {
  g.__sidekiqSessions ??= new VerifiedSessions<SessionUser>();
  return g.__sidekiqSessions.user(h.get("cookie"), () => getAuth().api.getSession({ headers: h }));
}

/** Cached per render, for pages and layouts. */
export const getCurrentUser = cache(async () => getUserFromHeaders(await headers()));
