import { z } from "zod";

// PostgreSQL cannot store NUL in `text` or `jsonb`, and a lone UTF-16 surrogate is not valid
// Unicode at all (jsonb refuses "\ud800"): both answered 500 when they reached the database.
const UNSTORABLE = /\u0000|\p{Cs}/u;

export const UNSTORABLE_TEXT_MESSAGE = "Text can't contain NUL characters or broken Unicode.";

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** A string the database can store as it is. */
export const storableString = () => z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });

/** Whether any string in a parsed JSON value (keys included) cannot be stored. */
export function containsUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return !isStorableText(value);
  if (depth > 20 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((v) => containsUnstorableText(v, depth + 1));
  return Object.entries(value).some(([k, v]) => !isStorableText(k) || containsUnstorableText(v, depth + 1));
}
