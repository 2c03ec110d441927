import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getAuth, type SessionUser } from "./auth";

/** The signed-in user for a request's headers, or null. Route handlers pass `req.headers`. */
export async function getUserFromHeaders(h: Headers): Promise<SessionUser | null> {
  const session = await getAuth().api.getSession({ headers: h });
  return session?.user ?? null;
}

/** Cached per render, for pages and layouts. */
export const getCurrentUser = cache(async () => getUserFromHeaders(await headers()));
