import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { resumeReply } from "@/server/chat/resume-reply";
import { getDb } from "@/server/db/client";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { threadIdInput } from "@/lib/schemas/thread";
import { logger } from "@/server/logger";

type Params = { params: Promise<{ threadId: string }> };

/** Resumes the reply streaming in a thread (useChat's `resume`): 204 when there is none. */
export async function GET(req: Request, { params }: Params): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const parsed = threadIdInput.safeParse(await params);
    // A malformed id names no thread of anyone's.
    if (!parsed.success) return new AppError("NOT_FOUND").toResponse();
    return withSessionCookies(await resumeReply(getDb(), { userId: session.user.id, threadId: parsed.data.threadId }), session);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "resume failed");
    return appError.toResponse();
  }
}
