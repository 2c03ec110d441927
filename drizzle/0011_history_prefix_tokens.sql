-- Each message holds the estimated tokens of its ancestors' texts (the same count as
-- estimatedTokensSql in src/server/chat/context-window.ts: 3 bytes a token and 4 for each
-- message), so the part of a path that fits a model's window is a range of one index: walked one
-- primary-key lookup per ancestor, a 600-message history took about 4 ms in PostgreSQL, the range
-- 0.6 ms. A parent's text is final when a child is written (a reply is never followed while it
-- streams; one finished after it was swept only grows), so the count is set once, at insert.
ALTER TABLE "messages" ADD COLUMN "prefix_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
WITH RECURSIVE "walk" AS (
  SELECT "id", "thread_id", 0 AS "prefix", (octet_length("text") + 2) / 3 + 4 AS "tokens" FROM "messages" WHERE "parent_message_id" IS NULL
  UNION ALL
  SELECT c."id", c."thread_id", w."prefix" + w."tokens", (octet_length(c."text") + 2) / 3 + 4
  FROM "walk" w JOIN "messages" c ON c."thread_id" = w."thread_id" AND c."parent_message_id" = w."id"
)
UPDATE "messages" m SET "prefix_tokens" = w."prefix" FROM "walk" w WHERE m."id" = w."id" AND w."prefix" <> 0;--> statement-breakpoint
CREATE INDEX "messages_prefix_idx" ON "messages" USING btree ("thread_id","prefix_tokens");--> statement-breakpoint
-- From the parent's row, which a statement that writes a whole conversation has written before
-- the child (a row trigger sees the rows its statement wrote before).
CREATE FUNCTION "messages_prefix_tokens"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."prefix_tokens" := coalesce((SELECT p."prefix_tokens" + (octet_length(p."text") + 2) / 3 + 4 FROM "messages" p WHERE p."id" = NEW."parent_message_id"), 0);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "messages_prefix_tokens" BEFORE INSERT ON "messages"
  FOR EACH ROW WHEN (NEW."parent_message_id" IS NOT NULL) EXECUTE FUNCTION "messages_prefix_tokens"();
