-- Trigram indexes (search by any part of a name or description). A trusted extension: the database's owner may create it; PGlite loads it from its contrib build.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "sidekiq_avatars" (
	"sidekiq_id" text PRIMARY KEY NOT NULL,
	"image" "bytea" NOT NULL,
	"content_type" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sidekiq_users" (
	"sidekiq_id" text NOT NULL,
	"user_id" text NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sidekiq_users_sidekiq_id_user_id_pk" PRIMARY KEY("sidekiq_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "sidekiq_versions" (
	"sidekiq_id" text NOT NULL,
	"version" integer NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"starters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_model_id" text,
	"note" text,
	"author_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sidekiq_versions_sidekiq_id_version_pk" PRIMARY KEY("sidekiq_id","version")
);
--> statement-breakpoint
CREATE TABLE "sidekiqs" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"team_id" text,
	"visibility" text DEFAULT 'private' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"avatar_emoji" text DEFAULT '✨' NOT NULL,
	"avatar_color" text DEFAULT '#6366f1' NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"avatar_image_version" integer,
	"remixed_from_id" text,
	"user_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sidekiqs_team_only_with_team_visibility" CHECK ("sidekiqs"."team_id" is null or "sidekiqs"."visibility" = 'team')
);
--> statement-breakpoint
DROP INDEX "threads_user_list_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sidekiq_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sidekiq_version" integer;--> statement-breakpoint
ALTER TABLE "sidekiq_avatars" ADD CONSTRAINT "sidekiq_avatars_sidekiq_id_sidekiqs_id_fk" FOREIGN KEY ("sidekiq_id") REFERENCES "public"."sidekiqs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiq_users" ADD CONSTRAINT "sidekiq_users_sidekiq_id_sidekiqs_id_fk" FOREIGN KEY ("sidekiq_id") REFERENCES "public"."sidekiqs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiq_users" ADD CONSTRAINT "sidekiq_users_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiq_versions" ADD CONSTRAINT "sidekiq_versions_sidekiq_id_sidekiqs_id_fk" FOREIGN KEY ("sidekiq_id") REFERENCES "public"."sidekiqs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiq_versions" ADD CONSTRAINT "sidekiq_versions_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiqs" ADD CONSTRAINT "sidekiqs_owner_id_user_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sidekiqs" ADD CONSTRAINT "sidekiqs_team_id_organization_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."organization"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sidekiqs_owner_idx" ON "sidekiqs" USING btree ("owner_id","last_used_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sidekiqs_team_idx" ON "sidekiqs" USING btree ("team_id","last_used_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sidekiqs_public_used_idx" ON "sidekiqs" USING btree ("last_used_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "sidekiqs"."visibility" = 'public' and "sidekiqs"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sidekiqs_public_users_idx" ON "sidekiqs" USING btree ("user_count" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "sidekiqs"."visibility" = 'public' and "sidekiqs"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sidekiqs_search_trgm_idx" ON "sidekiqs" USING gin (("name" || ' ' || "description") gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "messages_sidekiq_idx" ON "messages" USING btree ("sidekiq_id","created_at") WHERE "messages"."sidekiq_id" is not null;--> statement-breakpoint
CREATE INDEX "threads_user_list_idx" ON "threads" USING btree ("user_id","is_archived","is_pinned" DESC NULLS FIRST,"last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);