import { AVATAR_MAX_BYTES } from "@/lib/schemas/avatar";
import { sidekiqIdSchema } from "@/lib/schemas/sidekiq";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { fieldError } from "@/server/db/queries/sidekiqs";
import { AppError, errorSummary, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { readAvatar, removeAvatar, saveAvatar } from "@/server/sidekiq-avatar";

type Ctx = { params: Promise<{ sidekiqId: string }> };

/** Runs a handler for a signed-in user and a well-formed id; every failure is an AppError's response. */
async function handle(req: Request, ctx: Ctx, run: (userId: string, sidekiqId: string) => Promise<Response>): Promise<Response> {
  try {
    const session = await getRequestSession(req.headers);
    if (!session) return new AppError("UNAUTHORIZED").toResponse();
    const { sidekiqId } = await ctx.params;
    if (!sidekiqIdSchema.safeParse(sidekiqId).success) return new AppError("NOT_FOUND").toResponse();
    return withSessionCookies(await run(session.user.id, sidekiqId), session);
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") logger.error({ err: errorSummary(error) }, "avatar request failed");
    return appError.toResponse();
  }
}

/** The uploaded avatar, to those who may use the Sidekiq. Never sniffed as anything but an image. */
export function GET(req: Request, ctx: Ctx) {
  return handle(req, ctx, async (userId, sidekiqId) => {
    const avatar = await readAvatar(getDb(), userId, sidekiqId);
    if (!avatar) return new AppError("NOT_FOUND").toResponse();
    return new Response(new Uint8Array(avatar.image), {
      headers: {
        "content-type": avatar.contentType,
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        // The URL carries the upload's version, so a new upload is a new URL.
        "cache-control": "private, max-age=31536000, immutable",
      },
    });
  });
}

/** The body, read no further than one byte past `max` (a body without Content-Length is not read whole first). */
async function readAtMost(req: Request, max: number): Promise<Uint8Array> {
  if (!req.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw fieldError("avatar", "Images are at most 1 MB.");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** An upload: the image's bytes as the body (any content type; the bytes decide). */
export function PUT(req: Request, ctx: Ctx) {
  return handle(req, ctx, async (userId, sidekiqId) => {
    const declared = Number(req.headers.get("content-length") ?? 0);
    if (declared > AVATAR_MAX_BYTES) throw fieldError("avatar", "Images are at most 1 MB.");
    return Response.json(await saveAvatar(getDb(), userId, sidekiqId, await readAtMost(req, AVATAR_MAX_BYTES)));
  });
}

export function DELETE(req: Request, ctx: Ctx) {
  return handle(req, ctx, async (userId, sidekiqId) => {
    await removeAvatar(getDb(), userId, sidekiqId);
    return new Response(null, { status: 204 });
  });
}
