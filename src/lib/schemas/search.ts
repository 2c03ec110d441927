import { z } from "zod";
import { storableString } from "./text";

export const SEARCH_PAGE_SIZE = 20;

export const searchFiltersSchema = z
  .object({
    pinned: z.boolean().optional(),
    /** Absent: archived threads too; true: only them; false: none of them. */
    archived: z.boolean().optional(),
    modelId: z.string().min(1).max(200).optional(),
    sidekiqId: z.uuid().optional(),
    folderId: z.uuid().optional(),
    /** ISO 8601 dates, inclusive, on when the message (or the thread, for a title) was written. */
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export const searchInput = z.object({
  query: storableString().max(200),
  /** The `nextCursor` of the page before. */
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(50).default(SEARCH_PAGE_SIZE),
  filters: searchFiltersSchema.optional(),
});

export type SearchFilters = z.infer<typeof searchFiltersSchema>;
export type SearchInput = z.infer<typeof searchInput>;

/** Where a snippet's matched words start and end (control characters: no text of a message has them). */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";

/** A snippet as plain pieces, the matched ones marked: rendered as text, never as HTML. */
export function snippetPieces(snippet: string): { text: string; match: boolean }[] {
  const out: { text: string; match: boolean }[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) {
      out.push({ text: rest, match: false });
      break;
    }
    if (start > 0) out.push({ text: rest.slice(0, start), match: false });
    const end = rest.indexOf(MARK_END, start + 1);
    const stop = end < 0 ? rest.length : end;
    out.push({ text: rest.slice(start + 1, stop), match: true });
    rest = rest.slice(stop + 1);
  }
  return out.filter((p) => p.text.length > 0);
}
