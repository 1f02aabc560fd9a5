-- Full-text search that ignores case and accents: the simple dictionary behind unaccent.
-- (Hand-written: drizzle-kit does not model extensions or text search configurations.)
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tasks_search (COPY = simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tasks_search ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" varchar(255) NOT NULL,
	"key" varchar(255) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "task_counters" (
	"user_id" varchar(255) PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_tombstones" (
	"user_id" varchar(255) NOT NULL,
	"task_id" varchar(255) NOT NULL,
	"revision" bigint NOT NULL,
	"deleted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_tombstones_user_id_task_id_pk" PRIMARY KEY("user_id","task_id")
);
--> statement-breakpoint
-- Existing tasks start at revision 0 (their owners' counters start at 0 too).
ALTER TABLE "tasks" ADD COLUMN "revision" bigint NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "revision" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_counters" ADD CONSTRAINT "task_counters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tombstones" ADD CONSTRAINT "task_tombstones_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_idempotency_keys_created" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_task_tombstones_user_revision" ON "task_tombstones" USING btree ("user_id","revision");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_revision" ON "tasks" USING btree ("user_id","revision");--> statement-breakpoint
CREATE INDEX "idx_tasks_search" ON "tasks" USING gin (to_tsvector('tasks_search'::regconfig, "title" || ' ' || coalesce("description", '')));--> statement-breakpoint
-- Every user with tasks gets a counter row (deletes lock it before touching tasks).
INSERT INTO "task_counters" ("user_id", "revision") SELECT DISTINCT "user_id", 0 FROM "tasks" ON CONFLICT DO NOTHING;
