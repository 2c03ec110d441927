import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { resumeReply } from "@/server/chat/resume-reply";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { apiRoute } from "@/server/http/route";
import { threadIdInput } from "@/lib/schemas/thread";

type Params = { params: Promise<{ threadId: string }> };

/** Resumes the reply streaming in a thread (useChat's `resume`): 204 when there is none. */
export const GET = apiRoute("resume", async (req, { params }: Params) => {
  const session = await getRequestSession(req.headers);
  if (!session) throw new AppError("UNAUTHORIZED");
  const parsed = threadIdInput.safeParse(await params);
  // A malformed id names no thread of anyone's.
  if (!parsed.success) throw new AppError("NOT_FOUND");
  return withSessionCookies(await resumeReply(getDb(), { userId: session.user.id, threadId: parsed.data.threadId }), session);
});
