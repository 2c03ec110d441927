/**
 * Limits on what accounts and teams may be given (Better Auth's fields and the organization
 * plugin's). Better Auth sets none: a 200,000-character user name was stored and then sent to
 * every viewer of its public Sidekiqs, and a team took 500 KB of metadata. The auth hook refuses
 * a request past any of these with a 400 that names the field; the forms use the same numbers.
 */
export const ACCOUNT_LIMITS = {
  name: 80,
  email: 254,
  slug: 60,
  /** image (a user's) and logo (a team's): an https URL. */
  url: 2_000,
  /** A team's metadata, as JSON. */
  metadataBytes: 2 * 1024,
} as const;

export type FieldIssue = { field: string; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function textIssue(field: string, value: unknown, max: number, { required = false } = {}): FieldIssue | null {
  if (value === undefined) return null;
  if (typeof value !== "string") return { field, message: `${field} must be text.` };
  if (required && value.trim() === "") return { field, message: `${field} can't be empty.` };
  if (value.length > max) return { field, message: `${field} is at most ${max} characters.` };
  return null;
}

function urlIssue(field: string, value: unknown): FieldIssue | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") return { field, message: `${field} must be an https URL.` };
  if (value.length > ACCOUNT_LIMITS.url) return { field, message: `${field} is at most ${ACCOUNT_LIMITS.url} characters.` };
  try {
    if (new URL(value).protocol !== "https:") return { field, message: `${field} must be an https URL.` };
  } catch {
    return { field, message: `${field} must be an https URL.` };
  }
  return null;
}

function metadataIssue(value: unknown): FieldIssue | null {
  if (value === undefined || value === null) return null;
  let size: number;
  try {
    size = new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value)).byteLength;
  } catch {
    return { field: "metadata", message: "metadata must be JSON." };
  }
  return size > ACCOUNT_LIMITS.metadataBytes ? { field: "metadata", message: `metadata is at most ${ACCOUNT_LIMITS.metadataBytes / 1024} KB.` } : null;
}

/** The first field of an account or team request past its limit (in the body, or its `data` for updates), or null. */
export function accountFieldIssue(body: unknown): FieldIssue | null {
  if (!isRecord(body)) return null;
  for (const fields of [body, isRecord(body.data) ? body.data : undefined]) {
    if (!fields) continue;
    const issue =
      textIssue("name", fields.name, ACCOUNT_LIMITS.name, { required: true }) ??
      textIssue("email", fields.email, ACCOUNT_LIMITS.email) ??
      textIssue("slug", fields.slug, ACCOUNT_LIMITS.slug, { required: true }) ??
      urlIssue("image", fields.image) ??
      urlIssue("logo", fields.logo) ??
      metadataIssue(fields.metadata);
    if (issue) return issue;
  }
  return null;
}
