import { MAX_BODY_BYTES, MAX_MESSAGE_CHARS, chatRequestSchema } from "@/lib/chat/request";
import { messageText } from "@/lib/chat/message";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { chatRateLimit } from "@/server/rate-limit";
import { streamChatReply } from "@/server/chat/stream-chat-reply";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { readText } from "@/server/http/body";
import { apiRoute, isJsonContentType } from "@/server/http/route";

export const POST = apiRoute("chat request", async (req) => {
  const session = await getRequestSession(req.headers);
  if (!session) throw new AppError("UNAUTHORIZED");
  // A cross-site form can send text/plain without a preflight; the app's own client sends JSON.
  if (!isJsonContentType(req.headers.get("content-type"))) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const raw = await readText(req, { bytes: MAX_BODY_BYTES, what: "Chat requests" });
  const parsed = chatRequestSchema.safeParse(safeJson(raw));
  if (!parsed.success) throw new AppError("BAD_REQUEST", { details: { issues: parsed.error.issues } });
  if ("message" in parsed.data && messageText(parsed.data.message.parts).length > MAX_MESSAGE_CHARS) {
    throw new AppError("PAYLOAD_TOO_LARGE", { message: `Messages are limited to ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters.` });
  }
  await chatRateLimit().take(session.user.id);
  return withSessionCookies(await streamChatReply({ db: getDb(), user: session.user, request: parsed.data }), session);
});

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
