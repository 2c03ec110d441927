import { sql } from "drizzle-orm";
import { customType, index, pgTable, text } from "drizzle-orm/pg-core";
/** Full-text search's document type; written by the database (generated columns), never by the app. */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * What search reads of a text: its words as they are (`simple`: code identifiers, names, any
 * language) and as English stems (`english`: "running" finds "run").
 */
const documentOf = (column: string) => `to_tsvector('simple'::regconfig, coalesce(${column}, '')) || to_tsvector('english'::regconfig, coalesce(${column}, ''))`;
export const searchDocument = (column: string) => sql.raw(documentOf(column));

/**
 * The same, for a message once it is written: a streaming reply's checkpoints (every second, for
 * every reply) leave it null, so they compute nothing and touch no index entry. Search finds a
 * reply once it is saved. (Measured at 200 chats at once on PGlite, a0135e8 against a document
 * kept current on every checkpoint: 0.78x the replies a second, 1.29x the CPU per reply.)
 */
export const messageSearchDocument = () => sql.raw(`case when status = 'streaming' then null else ${documentOf("text")} end`);

/**
 * Every word search has seen in a finished message or a title (filled by a trigger), with a
 * trigram index: a word of a query that is in no message is corrected to the ones like it.
 */
export const searchWords = pgTable(
  "search_words",
  { word: text("word").primaryKey() },
  (t) => [index("search_words_trgm_idx").using("gin", sql`${t.word} gin_trgm_ops`)],
);
