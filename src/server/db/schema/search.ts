import { sql } from "drizzle-orm";
import { customType, index, pgTable, text } from "drizzle-orm/pg-core";
/** Full-text search's document type; written by the database (generated columns), never by the app. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * What search reads of a text: its words as they are (`simple`: code identifiers, names, any
 * language) and as English stems (`english`: "running" finds "run").
 */
export const searchDocument = (column: string) => sql.raw(`to_tsvector('simple'::regconfig, coalesce(${column}, '')) || to_tsvector('english'::regconfig, coalesce(${column}, ''))`);

/**
 * Every word search has seen in a finished message or a title (filled by a trigger), with a
 * trigram index: a word of a query that is in no message is corrected to the ones like it.
 */
export const searchWords = pgTable(
  "search_words",
  { word: text("word").primaryKey() },
  (t) => [index("search_words_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`)],
);
