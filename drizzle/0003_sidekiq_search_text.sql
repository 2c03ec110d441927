DROP INDEX "sidekiqs_search_trgm_idx";--> statement-breakpoint
ALTER TABLE "sidekiqs" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(name || ' ' || description)) STORED;--> statement-breakpoint
CREATE INDEX "sidekiqs_search_trgm_idx" ON "sidekiqs" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate=false);