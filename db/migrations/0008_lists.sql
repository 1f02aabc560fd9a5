CREATE SEQUENCE "public"."task_revisions" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
-- Hand-added: revisions now come from one sequence (db/schema/tasks.ts taskRevisions). It
-- starts above every revision the per-owner counters handed out, so no task's ETag repeats.
SELECT setval('task_revisions', greatest(coalesce((SELECT max("revision") FROM "tasks"), 0), coalesce((SELECT max("revision") FROM "task_counters"), 0), 1));--> statement-breakpoint
CREATE TABLE "list_departures" (
	"user_id" varchar(255) NOT NULL,
	"list_id" varchar(255) NOT NULL,
	"owner_id" varchar(255) NOT NULL,
	"txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	"departed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "list_departures_user_id_list_id_pk" PRIMARY KEY("user_id","list_id")
);--> statement-breakpoint
CREATE TABLE "list_invitations" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"list_id" varchar(255) NOT NULL,
	"email" varchar(255) NOT NULL,
	"role" varchar(10) NOT NULL,
	"invited_by" varchar(255),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "list_invitations_role_check" CHECK ("list_invitations"."role" in ('admin', 'editor', 'viewer'))
);--> statement-breakpoint
CREATE TABLE "list_members" (
	"list_id" varchar(255) NOT NULL,
	"user_id" varchar(255) NOT NULL,
	"role" varchar(10) NOT NULL,
	"joined_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"joined_txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL,
	CONSTRAINT "list_members_list_id_user_id_pk" PRIMARY KEY("list_id","user_id"),
	CONSTRAINT "list_members_role_check" CHECK ("list_members"."role" in ('owner', 'admin', 'editor', 'viewer'))
);--> statement-breakpoint
CREATE TABLE "lists" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"owner_id" varchar(255) NOT NULL,
	"name" text NOT NULL,
	"color" varchar(7),
	"is_inbox" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"revision" bigint DEFAULT 1 NOT NULL,
	CONSTRAINT "lists_name_length_check" CHECK (char_length("lists"."name") between 1 and 100),
	CONSTRAINT "lists_color_check" CHECK ("lists"."color" is null or "lists"."color" ~ '^#[0-9a-f]{6}$')
);--> statement-breakpoint
ALTER TABLE "list_departures" ADD CONSTRAINT "list_departures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_invitations" ADD CONSTRAINT "list_invitations_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_invitations" ADD CONSTRAINT "list_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_members" ADD CONSTRAINT "list_members_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "list_members" ADD CONSTRAINT "list_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lists" ADD CONSTRAINT "lists_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-added: every account gets its Inbox with the account, in the same statement (an
-- AFTER INSERT trigger), whichever path creates it: no account is ever without one.
CREATE FUNCTION "tasks_create_inbox"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inbox_id text := gen_random_uuid()::text;
BEGIN
  INSERT INTO "lists" ("id", "owner_id", "name", "is_inbox", "created_at", "updated_at")
    VALUES (inbox_id, NEW."id", 'Inbox', true, NEW."created_at", NEW."created_at");
  INSERT INTO "list_members" ("list_id", "user_id", "role", "joined_at")
    VALUES (inbox_id, NEW."id", 'owner', NEW."created_at");
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "users_create_inbox" AFTER INSERT ON "users" FOR EACH ROW EXECUTE FUNCTION "tasks_create_inbox"();--> statement-breakpoint
-- Hand-added: the accounts that exist get theirs now, and their tasks and tombstones move
-- into it with nothing else changed.
INSERT INTO "lists" ("id", "owner_id", "name", "is_inbox", "created_at", "updated_at")
  SELECT gen_random_uuid()::text, "id", 'Inbox', true, "created_at", "created_at" FROM "users";--> statement-breakpoint
INSERT INTO "list_members" ("list_id", "user_id", "role", "joined_at") SELECT "id", "owner_id", 'owner', "created_at" FROM "lists";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "list_id" varchar(255);--> statement-breakpoint
ALTER TABLE "task_tombstones" DROP CONSTRAINT "task_tombstones_user_id_task_id_pk";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "revision" SET DEFAULT nextval('task_revisions');--> statement-breakpoint
ALTER TABLE "task_tombstones" ADD COLUMN "txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "created_by" varchar(255);--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "updated_by" varchar(255);--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "txid" bigint DEFAULT (pg_current_xact_id()::text::bigint) NOT NULL;--> statement-breakpoint
ALTER TABLE "task_tombstones" ADD COLUMN "list_id" varchar(255);--> statement-breakpoint
UPDATE "tasks" SET "list_id" = "lists"."id", "created_by" = "tasks"."user_id", "updated_by" = "tasks"."user_id"
  FROM "lists" WHERE "lists"."owner_id" = "tasks"."user_id" AND "lists"."is_inbox";--> statement-breakpoint
UPDATE "task_tombstones" SET "list_id" = "lists"."id" FROM "lists" WHERE "lists"."owner_id" = "task_tombstones"."user_id" AND "lists"."is_inbox";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "list_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "task_tombstones" ALTER COLUMN "list_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "task_tombstones" ADD CONSTRAINT "task_tombstones_list_id_task_id_pk" PRIMARY KEY("list_id","task_id");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Hand-added: the change feed's positions are transactions now, not per-owner revisions:
-- every sync token issued before is refused (410: sync again), so nothing was compacted in
-- the new terms yet.
UPDATE "task_counters" SET "horizon" = 0;--> statement-breakpoint
DROP INDEX "idx_task_tombstones_user_revision";--> statement-breakpoint
DROP INDEX "idx_tasks_user_created";--> statement-breakpoint
DROP INDEX "idx_tasks_user_revision";--> statement-breakpoint
DROP INDEX "idx_tasks_user_updated";--> statement-breakpoint
DROP INDEX "idx_tasks_user_due_asc";--> statement-breakpoint
DROP INDEX "idx_tasks_user_due_desc";--> statement-breakpoint
DROP INDEX "idx_tasks_user_priority_asc";--> statement-breakpoint
DROP INDEX "idx_tasks_user_priority_desc";--> statement-breakpoint
DROP INDEX "idx_tasks_user_title_key";--> statement-breakpoint
CREATE INDEX "idx_list_departures_user_txid" ON "list_departures" USING btree ("user_id","txid");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_list_invitations_list_email" ON "list_invitations" USING btree ("list_id","email");--> statement-breakpoint
CREATE INDEX "idx_list_invitations_email" ON "list_invitations" USING btree ("email");--> statement-breakpoint
CREATE INDEX "idx_list_members_user" ON "list_members" USING btree ("user_id","list_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_list_members_one_owner" ON "list_members" USING btree ("list_id") WHERE "list_members"."role" = 'owner';--> statement-breakpoint
CREATE INDEX "idx_lists_owner" ON "lists" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_lists_one_inbox" ON "lists" USING btree ("owner_id") WHERE "lists"."is_inbox";--> statement-breakpoint
CREATE INDEX "idx_task_tombstones_list_txid" ON "task_tombstones" USING btree ("list_id","txid","task_id");--> statement-breakpoint
CREATE INDEX "idx_task_tombstones_user_txid" ON "task_tombstones" USING btree ("user_id","txid");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_created" ON "tasks" USING btree ("list_id","created_at","id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_updated" ON "tasks" USING btree ("list_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_due_asc" ON "tasks" USING btree ("list_id",coalesce("due_date", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_due_desc" ON "tasks" USING btree ("list_id",coalesce("due_date", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_priority_asc" ON "tasks" USING btree ("list_id",(case "priority" when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 4 end),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_priority_desc" ON "tasks" USING btree ("list_id",(case "priority" when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_title_key" ON "tasks" USING btree ("list_id",(tasks_title_key("title") collate "C"),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_list_txid" ON "tasks" USING btree ("list_id","txid","id");--> statement-breakpoint
ALTER TABLE "task_counters" DROP COLUMN "revision";--> statement-breakpoint
ALTER TABLE "task_tombstones" DROP COLUMN "revision";