ALTER TABLE "task_counters" ADD COLUMN "task_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-added: every user with tasks has a counter row (0001 made them), and it starts at
-- the number of tasks the user has.
INSERT INTO "task_counters" ("user_id", "revision") SELECT DISTINCT "user_id", 0 FROM "tasks" ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "task_counters" SET "task_count" = "counted"."n" FROM (SELECT "user_id", count(*)::integer AS "n" FROM "tasks" GROUP BY "user_id") AS "counted" WHERE "task_counters"."user_id" = "counted"."user_id";
