import "server-only";
import { getAuth } from "@/server/auth/auth";
import { AppError } from "@/server/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const FOREIGN_ORIGIN_MESSAGE = "This request did not come from Sidekiq's own pages, so it was refused.";

/**
 * CSRF: a request that changes something (POST, PUT, PATCH, DELETE) must carry an `Origin` among
 * Better Auth's trusted origins, the same list and rule Better Auth applies to its own endpoints.
 * A browser sends `Origin` with every such request, so a form or fetch from another site (a
 * `text/plain` chat body, a multipart import) is a 403 before anything is read or changed. An
 * `Origin: null` counts only where the browser says the request is same-origin, as Better Auth
 * has it.
 */
export async function assertTrustedOrigin(req: Request): Promise<void> {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const origin = req.headers.get("origin");
  if (origin === "null" && req.headers.get("sec-fetch-site") === "same-origin") return;
  if (!origin || origin === "null" || !(await getAuth().$context).isTrustedOrigin(origin)) {
    throw new AppError("FORBIDDEN", { message: FOREIGN_ORIGIN_MESSAGE, details: { reason: "origin" } });
  }
}
