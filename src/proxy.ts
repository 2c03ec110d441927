import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

// Only a cheap cookie check: a stale cookie still reaches the page, whose layout (and every
// procedure) verifies the session for real.
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  return NextResponse.redirect(new URL("/sign-in", request.url));
}

export const config = {
  // Everything except the API, Next internals, the auth pages, shared links and files with an extension.
  matcher: ["/((?!api/|_next/|sign-in|sign-up|share/|.*\\..*).*)"],
};
