import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, chatRequestSchema } from "@/lib/chat/request";
import { messageText } from "@/lib/chat/message";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { chatRateLimit } from "@/server/chat/rate-limit";
import { streamChatReply } from "@/server/chat/stream-chat-reply";
import { getDb } from "@/server/db/client";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";

export async function POST(req: Request): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const raw = await req.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return new AppError("PAYLOAD_TOO_LARGE").toResponse();
    const parsed = chatRequestSchema.safeParse(safeJson(raw));
    if (!parsed.success) return new AppError("BAD_REQUEST", { details: { issues: parsed.error.issues } }).toResponse();
    if ("message" in parsed.data && messageText(parsed.data.message.parts).length > MAX_MESSAGE_CHARS) {
      return new AppError("PAYLOAD_TOO_LARGE", { message: `Messages are limited to ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters.` }).toResponse();
    }
    await chatRateLimit().take(session.user.id);
    return withSessionCookies(await streamChatReply({ db: getDb(), user: session.user, request: parsed.data }), session);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "chat request failed");
    return appError.toResponse();
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
