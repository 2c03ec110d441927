ALTER TABLE "messages" ADD COLUMN "depth" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "context_omitted" integer;--> statement-breakpoint
WITH RECURSIVE "d" AS (
  SELECT "id", 0 AS "depth" FROM "messages" WHERE "parent_message_id" IS NULL
  UNION ALL
  SELECT "m"."id", "d"."depth" + 1 FROM "messages" "m" JOIN "d" ON "m"."parent_message_id" = "d"."id"
)
UPDATE "messages" SET "depth" = "d"."depth" FROM "d" WHERE "messages"."id" = "d"."id" AND "d"."depth" > 0;
