import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { exportAll } from "@/server/library/export";
import { logger } from "@/server/logger";

/** GET /api/export: every chat of the user, every branch, as one JSON file streamed as it is read. */
export async function GET(req: Request): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const day = new Date().toISOString().slice(0, 10);
    return withSessionCookies(
      new Response(exportAll(getDb(), { userId: session.user.id }), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="sidekiq-export-${day}.json"`,
          "cache-control": "private, no-store",
        },
      }),
      session,
    );
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "export failed");
    return appError.toResponse();
  }
}
