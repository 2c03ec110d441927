import { AVATAR_MAX_BYTES } from "@/lib/schemas/avatar";
import { sidekiqIdSchema } from "@/lib/schemas/sidekiq";
import { getRequestSession, withSessionCookies } from "@/server/auth/current-user";
import { getDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { readBody } from "@/server/http/body";
import { apiRoute } from "@/server/http/route";
import { readAvatar, removeAvatar, saveAvatar } from "@/server/sidekiq-avatar";

type Ctx = { params: Promise<{ sidekiqId: string }> };

const AVATAR_LIMIT = { bytes: AVATAR_MAX_BYTES, what: "Images", field: "avatar" };

/** A handler for a signed-in user and a well-formed id. */
function handle(name: string, run: (req: Request, userId: string, sidekiqId: string) => Promise<Response>) {
  return apiRoute(name, async (req, ctx: Ctx) => {
    const session = await getRequestSession(req.headers);
    if (!session) throw new AppError("UNAUTHORIZED");
    const { sidekiqId } = await ctx.params;
    if (!sidekiqIdSchema.safeParse(sidekiqId).success) throw new AppError("NOT_FOUND");
    return withSessionCookies(await run(req, session.user.id, sidekiqId), session);
  });
}

/** The uploaded avatar, to those who may use the Sidekiq. Never sniffed as anything but an image. */
export const GET = handle("avatar read", async (_req, userId, sidekiqId) => {
  const avatar = await readAvatar(getDb(), userId, sidekiqId);
  if (!avatar) throw new AppError("NOT_FOUND");
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

/** An upload: the image's bytes as the body (any content type; the bytes decide). */
export const PUT = handle("avatar upload", async (req, userId, sidekiqId) =>
  Response.json(await saveAvatar(getDb(), userId, sidekiqId, await readBody(req, AVATAR_LIMIT))),
);

export const DELETE = handle("avatar removal", async (_req, userId, sidekiqId) => {
  await removeAvatar(getDb(), userId, sidekiqId);
  return new Response(null, { status: 204 });
});
