/** Avatar uploads: PNG, JPEG or WebP, at most 1 MB, recognised by their bytes (never their name or claimed type). */
export const AVATAR_MAX_BYTES = 1_000_000;
export const AVATAR_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type AvatarType = (typeof AVATAR_TYPES)[number];

/** What the file's first bytes say it is, or null for anything else (SVG, GIF, HTML, …). */
export function sniffImageType(bytes: Uint8Array): AvatarType | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => bytes[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}
