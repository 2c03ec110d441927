import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { apiRoute } from "@/server/http/route";
import { exportAll } from "@/server/library/export";

/** GET /api/export: every chat of the user, every branch, as one JSON file streamed as it is read. */
export const GET = apiRoute("export", async (req) => {
  const session = await getRequestSession(req.headers);
  if (!session) throw new AppError("UNAUTHORIZED");
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
});
