import { threadIdInput } from "@/lib/schemas/thread";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { exportThread, fileName, threadMarkdown } from "@/server/library/export";
import { logger } from "@/server/logger";

type Ctx = { params: Promise<{ threadId: string }> };

/** GET /api/threads/{id}/export?format=md|json: the thread as a download. Someone else's is a 404. */
export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const { threadId } = await ctx.params;
    const format = new URL(req.url).searchParams.get("format") ?? "md";
    if (format !== "md" && format !== "json") {
      return new AppError("BAD_REQUEST", { message: "format is md or json.", details: { issues: [{ path: ["format"], message: "md or json" }] } }).toResponse();
    }
    if (!threadIdInput.safeParse({ threadId }).success) return new AppError("NOT_FOUND").toResponse();
    const thread = await exportThread(getDb(), { userId: session.user.id, threadId });
    if (!thread) return new AppError("NOT_FOUND").toResponse();
    const name = fileName(thread.title, "chat", format);
    const body = format === "md" ? threadMarkdown(thread) : `${JSON.stringify({ format: "sidekiq.export", version: 1, exportedAt: new Date().toISOString(), threads: [thread] }, null, 2)}\n`;
    return withSessionCookies(
      new Response(body, {
        headers: {
          "content-type": format === "md" ? "text/markdown; charset=utf-8" : "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${name}"`,
          "cache-control": "private, no-store",
        },
      }),
      session,
    );
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "thread export failed");
    return appError.toResponse();
  }
}
