ALTER TABLE "task_counters" ADD COLUMN "tombstone_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_counters" ADD COLUMN "horizon" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-added: each counter starts at the number of tombstones its user has (every user with
-- tombstones has a counter: the statement that made them moved it), and the horizon at 0:
-- nothing is compacted yet, so every sync token issued so far stays valid. A user past
-- SYNC_TOMBSTONES_PER_USER is compacted at their next delete.
UPDATE "task_counters" SET "tombstone_count" = "counted"."n" FROM (SELECT "user_id", count(*)::integer AS "n" FROM "task_tombstones" GROUP BY "user_id") AS "counted" WHERE "task_counters"."user_id" = "counted"."user_id";
