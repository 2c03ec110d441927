import { threadIdInput } from "@/lib/schemas/thread";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { apiRoute } from "@/server/http/route";
import { exportThread, fileName, threadMarkdown } from "@/server/library/export";

type Ctx = { params: Promise<{ threadId: string }> };

/** GET /api/threads/{id}/export?format=md|json: the thread as a download. Someone else's is a 404. */
export const GET = apiRoute("thread export", async (req, ctx: Ctx) => {
  const session = await getRequestSession(req.headers);
  if (!session) throw new AppError("UNAUTHORIZED");
  const { threadId } = await ctx.params;
  const format = new URL(req.url).searchParams.get("format") ?? "md";
  if (format !== "md" && format !== "json") {
    throw new AppError("BAD_REQUEST", { message: "format is md or json.", details: { issues: [{ path: ["format"], message: "md or json" }] } });
  }
  if (!threadIdInput.safeParse({ threadId }).success) throw new AppError("NOT_FOUND");
  const thread = await exportThread(getDb(), { userId: session.user.id, threadId });
  if (!thread) throw new AppError("NOT_FOUND");
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
});
