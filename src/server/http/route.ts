import "server-only";
import { errorSummary, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { assertTrustedOrigin } from "./origin";

/**
 * Every API route handler is made here: the origin check before anything else for a request that
 * changes something, and one error path (an AppError is its response; anything else is logged
 * and answered 500 without its cause). Bodies are read with ./body.ts, never whole.
 * tests/integration/api-routes.test.ts sends a foreign Origin and an oversized body to every
 * route module, so a route that skips this fails there.
 */
export function apiRoute<Ctx = void>(name: string, run: (req: Request, ctx: Ctx) => Promise<Response>): (req: Request, ctx: Ctx) => Promise<Response> {
  return async (req, ctx) => {
    let res: Response;
    try {
      await assertTrustedOrigin(req);
      res = await run(req, ctx);
    } catch (error) {
      res = errorResponse(name, error);
    }
    return res;
  };
}

/** The response for anything a handler threw. */
export function errorResponse(name: string, error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, `${name} failed`);
  return appError.toResponse();
}

/** Whether a Content-Type is JSON (`application/json`, any parameters). */
export function isJsonContentType(value: string | null): boolean {
  return value !== null && /^application\/json\s*(;|$)/i.test(value.trim());
}
