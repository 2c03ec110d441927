import "server-only";
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { AVATAR_MAX_BYTES, sniffImageType } from "@/lib/schemas/avatar";
import type { Db } from "@/server/db/client";
import { EDITORS_ONLY, fieldError, rightsOn, sidekiqAccess } from "@/server/db/queries/sidekiqs";
import { sidekiqAvatars, sidekiqs } from "@/server/db/schema";
import { AppError } from "@/server/errors";

const SIZE = 256;

/**
 * Saves an uploaded avatar: checked by its bytes (PNG, JPEG or WebP, at most 1 MB), then decoded
 * and re-encoded by sharp as a 256 px WebP without metadata, so nothing of the upload but its
 * pixels is ever served. Editors only; 404 for those who may not see the Sidekiq.
 */
export async function saveAvatar(db: Db, userId: string, sidekiqId: string, upload: Uint8Array): Promise<{ version: number }> {
  await assertEditable(db, userId, sidekiqId);
  if (upload.byteLength === 0) throw fieldError("avatar", "Choose an image.");
  if (upload.byteLength > AVATAR_MAX_BYTES) throw fieldError("avatar", "Images are at most 1 MB.");
  if (!sniffImageType(upload)) throw fieldError("avatar", "Use a PNG, JPEG or WebP image.");
  let image: Buffer;
  try {
    image = await sharp(upload, { limitInputPixels: 40_000_000 }).rotate().resize(SIZE, SIZE, { fit: "cover" }).webp({ quality: 85 }).toBuffer();
  } catch {
    throw fieldError("avatar", "That image could not be read.");
  }
  return db.transaction(async (tx) => {
    await tx
      .insert(sidekiqAvatars)
      .values({ sidekiqId, image, contentType: "image/webp" })
      .onConflictDoUpdate({ target: sidekiqAvatars.sidekiqId, set: { image, contentType: "image/webp", updatedAt: new Date() } });
    const [row] = await tx
      .update(sidekiqs)
      .set({ avatarImageVersion: sql`coalesce(${sidekiqs.avatarImageVersion}, 0) + 1` })
      .where(eq(sidekiqs.id, sidekiqId))
      .returning({ version: sidekiqs.avatarImageVersion });
    return { version: row!.version! };
  });
}

/** Back to the emoji. */
export async function removeAvatar(db: Db, userId: string, sidekiqId: string): Promise<void> {
  await assertEditable(db, userId, sidekiqId);
  await db.transaction(async (tx) => {
    await tx.delete(sidekiqAvatars).where(eq(sidekiqAvatars.sidekiqId, sidekiqId));
    await tx.update(sidekiqs).set({ avatarImageVersion: null }).where(eq(sidekiqs.id, sidekiqId));
  });
}

/** The avatar of a Sidekiq the user may use, or undefined (a 404: not theirs to see, or none). */
export async function readAvatar(db: Db, userId: string, sidekiqId: string) {
  const [row] = await db
    .select({ image: sidekiqAvatars.image, contentType: sidekiqAvatars.contentType, updatedAt: sidekiqAvatars.updatedAt })
    .from(sidekiqAvatars)
    .innerJoin(sidekiqs, eq(sidekiqs.id, sidekiqAvatars.sidekiqId))
    .where(and(eq(sidekiqAvatars.sidekiqId, sidekiqId), sidekiqAccess.usable(userId)))
    .limit(1);
  return row;
}

async function assertEditable(db: Db, userId: string, sidekiqId: string): Promise<void> {
  const may = await rightsOn(db, userId, sidekiqId);
  if (!may) throw new AppError("NOT_FOUND");
  if (!may.canEdit) throw new AppError("FORBIDDEN", { message: EDITORS_ONLY });
}
