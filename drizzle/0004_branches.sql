DROP INDEX "messages_parent_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "viewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "forked_from_thread_id" text;--> statement-breakpoint
ALTER TABLE "threads" ADD COLUMN "forked_from_message_id" text;--> statement-breakpoint
CREATE INDEX "messages_children_idx" ON "messages" USING btree ("thread_id","parent_message_id","seq");