ALTER TABLE "messages" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "stop_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "leaf_message_id" text;--> statement-breakpoint
-- Existing threads continue after their newest message.
UPDATE "threads" SET "leaf_message_id" = (SELECT "id" FROM "messages" WHERE "messages"."thread_id" = "threads"."id" ORDER BY "seq" DESC LIMIT 1);--> statement-breakpoint
-- Replies were written once at the end before, so none should be streaming; be sure before the index.
UPDATE "messages" SET "status" = 'interrupted' WHERE "status" = 'streaming';--> statement-breakpoint
CREATE UNIQUE INDEX "messages_one_streaming_per_thread_uq" ON "messages" USING btree ("thread_id") WHERE "messages"."status" = 'streaming';
