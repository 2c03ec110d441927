CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (case when status = 'streaming' then null else to_tsvector('simple'::regconfig, coalesce(text, '')) || to_tsvector('english'::regconfig, coalesce(text, '')) end) STORED;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(title, '')) || to_tsvector('english'::regconfig, coalesce(title, ''))) STORED;--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "messages_search_idx" ON "messages" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "threads_search_idx" ON "threads" USING gin ("search_vector");
--> statement-breakpoint
-- The words of finished messages and of titles, for correcting a query's typos (search_words).
-- Sorted, so that two writers never wait on each other's words in opposite orders.
CREATE FUNCTION "search_words_collect"(doc text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "search_words" ("word")
  SELECT "lexeme" FROM unnest(to_tsvector('simple'::regconfig, coalesce(doc, ''))) WHERE length("lexeme") BETWEEN 3 AND 40 ORDER BY "lexeme"
  ON CONFLICT DO NOTHING
$$;--> statement-breakpoint
CREATE FUNCTION "messages_search_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "search_words_collect"(NEW."text");
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "threads_search_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "search_words_collect"(NEW."title");
  RETURN NULL;
END $$;--> statement-breakpoint
-- A streaming reply's checkpoints are not its words yet: only what is saved as it ended.
CREATE TRIGGER "messages_search_words" AFTER INSERT OR UPDATE OF "text" ON "messages"
  FOR EACH ROW WHEN (NEW."status" <> 'streaming') EXECUTE FUNCTION "messages_search_words"();--> statement-breakpoint
CREATE TRIGGER "threads_search_words" AFTER INSERT OR UPDATE OF "title" ON "threads"
  FOR EACH ROW WHEN (NEW."title" IS NOT NULL) EXECUTE FUNCTION "threads_search_words"();--> statement-breakpoint
INSERT INTO "search_words" ("word")
SELECT DISTINCT "lexeme" FROM (
  SELECT "text" AS doc FROM "messages" WHERE "status" <> 'streaming'
  UNION ALL SELECT "title" FROM "threads" WHERE "title" IS NOT NULL
) d, unnest(to_tsvector('simple'::regconfig, d.doc)) WHERE length("lexeme") BETWEEN 3 AND 40
ON CONFLICT DO NOTHING;
