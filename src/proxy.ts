import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "@/lib/security/headers";

// Pages anyone may open; everything else redirects a visitor without a session cookie.
const PUBLIC = /^\/(sign-in|sign-up|share\/)/;

/**
 * Every page: a fresh nonce and the Content-Security-Policy that allows only scripts carrying it
 * (Next reads the policy from the request header and puts the nonce on its own scripts; the root
 * layout gives it to next-themes' inline script). Then only a cheap cookie check: a stale cookie
 * still reaches the page, whose layout (and every procedure) verifies the session for real.
 *
 * The API is not matched: Next buffers the body of every request the proxy sees (up to
 * `proxyClientMaxBodySize`) so that both can read it, which would undo the routes' bounded reads.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  let res: NextResponse;
  if (!PUBLIC.test(request.nextUrl.pathname) && !getSessionCookie(request)) {
    res = NextResponse.redirect(new URL("/sign-in", request.url));
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  // Every page: not the API, Next's static files and images, files with an extension, or prefetches.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|.*\\..*).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
