-- The words of inserted messages are collected once a statement, from all its rows together: a
-- conversation imported in one statement probed search_words for each word of each message, and
-- the row trigger was 40% of an import's time (a 10 MB ChatGPT export: 11.0-11.7 s with it, 6.1-7.5
-- without). A reply that finishes streaming is an UPDATE of its text, still collected row by row
-- (a trigger with a transition table can't name the column it watches).
DROP TRIGGER "messages_search_words" ON "messages";--> statement-breakpoint
-- One definition of a search word, for one text or many at once.
CREATE FUNCTION "search_words_collect"(docs text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "search_words" ("word")
  SELECT DISTINCT "lexeme" FROM unnest(docs) d(doc), unnest(to_tsvector('simple'::regconfig, coalesce(d.doc, '')))
  WHERE length("lexeme") BETWEEN 3 AND 40 ORDER BY "lexeme"
  ON CONFLICT DO NOTHING
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "search_words_collect"(doc text) RETURNS void LANGUAGE sql AS $$
  SELECT "search_words_collect"(ARRAY[doc])
$$;--> statement-breakpoint
CREATE FUNCTION "messages_search_words_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "search_words_collect"(ARRAY(SELECT "text" FROM "inserted" WHERE "status" <> 'streaming'));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "messages_search_words_insert" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS "inserted" FOR EACH STATEMENT EXECUTE FUNCTION "messages_search_words_inserted"();--> statement-breakpoint
CREATE TRIGGER "messages_search_words" AFTER UPDATE OF "text" ON "messages"
  FOR EACH ROW WHEN (NEW."status" <> 'streaming') EXECUTE FUNCTION "messages_search_words"();
