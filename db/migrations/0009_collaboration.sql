CREATE TABLE "tags" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"list_id" varchar(255) NOT NULL,
	"name" text NOT NULL,
	"color" varchar(10),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tags_name_length_check" CHECK (char_length("tags"."name") between 1 and 50),
	CONSTRAINT "tags_color_check" CHECK ("tags"."color" is null or "tags"."color" in ('gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink'))
);
--> statement-breakpoint
CREATE TABLE "task_tags" (
	"task_id" varchar(255) NOT NULL,
	"tag_id" varchar(255) NOT NULL,
	"list_id" varchar(255) NOT NULL,
	CONSTRAINT "task_tags_task_id_tag_id_pk" PRIMARY KEY("task_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "task_comments" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"task_id" varchar(255) NOT NULL,
	"list_id" varchar(255) NOT NULL,
	"author_id" varchar(255),
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp (3) with time zone,
	CONSTRAINT "task_comments_body_length_check" CHECK (char_length("task_comments"."body") between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "activity" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activity_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"list_id" varchar(255) NOT NULL,
	"from_list_id" varchar(255),
	"task_id" varchar(255),
	"task_title" varchar(200),
	"actor_id" varchar(255),
	"subject_id" varchar(255),
	"action" varchar(20) NOT NULL,
	"changes" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_action_check" CHECK ("activity"."action" in ('created', 'updated', 'completed', 'reopened', 'moved', 'tagged', 'commented', 'deleted', 'invited', 'joined', 'left', 'removed', 'role_changed'))
);
--> statement-breakpoint
CREATE TABLE "attachment_chunks" (
	"storage_key" varchar(255) NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "attachment_chunks_storage_key_seq_pk" PRIMARY KEY("storage_key","seq")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"task_id" varchar(255) NOT NULL,
	"list_id" varchar(255) NOT NULL,
	"owner_id" varchar(255) NOT NULL,
	"uploaded_by" varchar(255),
	"file_name" varchar(255) NOT NULL,
	"content_type" varchar(255) NOT NULL,
	"size" bigint NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"storage" varchar(10) NOT NULL,
	"storage_key" varchar(255) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_size_check" CHECK ("attachments"."size" >= 0),
	CONSTRAINT "attachments_storage_check" CHECK ("attachments"."storage" in ('postgres', 's3'))
);
--> statement-breakpoint
CREATE TABLE "storage_deletions" (
	"storage_key" varchar(255) PRIMARY KEY NOT NULL,
	"storage" varchar(10) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_counters" ADD COLUMN "attachment_bytes" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "comment_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_subject_id_users_id_fk" FOREIGN KEY ("subject_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "idx_tags_list_name_key" ON "tags" USING btree ("list_id",tasks_title_key("name"));--> statement-breakpoint
CREATE INDEX "idx_task_tags_tag" ON "task_tags" USING btree ("tag_id","task_id");--> statement-breakpoint
CREATE INDEX "idx_task_comments_task_created" ON "task_comments" USING btree ("task_id","created_at","id");--> statement-breakpoint
CREATE INDEX "idx_activity_task" ON "activity" USING btree ("task_id","id") WHERE "activity"."task_id" is not null;--> statement-breakpoint
CREATE INDEX "idx_activity_list" ON "activity" USING btree ("list_id","id");--> statement-breakpoint
CREATE INDEX "idx_activity_from_list" ON "activity" USING btree ("from_list_id","id") WHERE "activity"."from_list_id" is not null;--> statement-breakpoint
CREATE INDEX "idx_activity_created" ON "activity" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_attachments_task_created" ON "attachments" USING btree ("task_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_attachments_storage_key" ON "attachments" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "idx_storage_deletions_due" ON "storage_deletions" USING btree ("due_at");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_comment_count_check" CHECK ("tasks"."comment_count" >= 0);--> statement-breakpoint
-- Hand-added (attachments): an attachment follows its task and counts on its owner. When a
-- task changes list or owner (a move, a list's transfer, an account's lists passing to an
-- admin), its attachments take the task's list_id and owner_id, and their bytes move
-- between the owners' task_counters.attachment_bytes, in the same statement. When an
-- attachment row goes, however it goes (its own DELETE, or cascaded from its task, its
-- list's tasks, its owner's account), its bytes leave the owner's counter, and its bytes
-- leave the store in the same transaction: chunks in PostgreSQL are deleted here, an object
-- in S3 is written to storage_deletions, which lib/attachments/sweep.ts empties after commit.
CREATE FUNCTION "attachments_follow_task"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  WITH followed AS (
    UPDATE "attachments" SET "list_id" = NEW."list_id", "owner_id" = NEW."user_id"
    WHERE "task_id" = NEW."id" RETURNING "size"
  )
  SELECT coalesce(sum("size"), 0) INTO moved FROM followed;
  IF moved > 0 AND OLD."user_id" IS DISTINCT FROM NEW."user_id" THEN
    UPDATE "task_counters" SET "attachment_bytes" = greatest("attachment_bytes" - moved, 0) WHERE "user_id" = OLD."user_id";
    INSERT INTO "task_counters" ("user_id", "attachment_bytes") VALUES (NEW."user_id", moved)
      ON CONFLICT ("user_id") DO UPDATE SET "attachment_bytes" = "task_counters"."attachment_bytes" + EXCLUDED."attachment_bytes";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "tasks_attachments_follow" AFTER UPDATE OF "list_id", "user_id" ON "tasks" FOR EACH ROW
  WHEN (OLD."list_id" IS DISTINCT FROM NEW."list_id" OR OLD."user_id" IS DISTINCT FROM NEW."user_id")
  EXECUTE FUNCTION "attachments_follow_task"();--> statement-breakpoint
CREATE FUNCTION "attachments_release"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "task_counters" SET "attachment_bytes" = greatest("attachment_bytes" - OLD."size", 0) WHERE "user_id" = OLD."owner_id";
  IF OLD."storage" = 'postgres' THEN
    DELETE FROM "attachment_chunks" WHERE "storage_key" = OLD."storage_key";
  ELSE
    INSERT INTO "storage_deletions" ("storage_key", "storage") VALUES (OLD."storage_key", OLD."storage")
      ON CONFLICT ("storage_key") DO UPDATE SET "due_at" = now();
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "attachments_release" AFTER DELETE ON "attachments" FOR EACH ROW EXECUTE FUNCTION "attachments_release"();--> statement-breakpoint
-- Hand-added (history): every change of a task is recorded in the activity log by the
-- statement that makes it, whichever path that is (a route, a batch, a move, an idempotent
-- create), so a history row never exists without its change, and a rollback takes both.
-- The actor is the writer the app stamps on the row (created_by, updated_by). An update
-- records only when a tracked field really changed: a revision bump alone (a comment, a tag
-- rename), an owner change (a transfer) or a writer set to null (an account deleted) records
-- nothing, and costs nothing, since the WHEN clause is checked before the function is called.
-- Deletes are recorded by the app (lib/tasks/tombstones.ts): only it knows whether a person
-- deleted the task or a list or account deletion took it.
CREATE FUNCTION "tasks_iso_instant"("at" timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;--> statement-breakpoint
CREATE FUNCTION "tasks_record_history"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb := '{}'::jsonb;
  kind text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "activity" ("list_id", "task_id", "task_title", "actor_id", "action")
      VALUES (NEW."list_id", NEW."id", NEW."title", NEW."created_by", 'created');
    RETURN NULL;
  END IF;
  IF NEW."title" IS DISTINCT FROM OLD."title" THEN
    changed := changed || jsonb_build_object('title', jsonb_build_object('from', OLD."title", 'to', NEW."title"));
  END IF;
  IF NEW."description" IS DISTINCT FROM OLD."description" THEN
    changed := changed || jsonb_build_object('description', jsonb_build_object('from', OLD."description", 'to', NEW."description"));
  END IF;
  IF NEW."priority" IS DISTINCT FROM OLD."priority" THEN
    changed := changed || jsonb_build_object('priority', jsonb_build_object('from', OLD."priority", 'to', NEW."priority"));
  END IF;
  IF NEW."due_date" IS DISTINCT FROM OLD."due_date" THEN
    changed := changed || jsonb_build_object('dueDate', jsonb_build_object(
      'from', "tasks_iso_instant"(OLD."due_date"), 'to', "tasks_iso_instant"(NEW."due_date")));
  END IF;
  IF NEW."completed" IS DISTINCT FROM OLD."completed" THEN
    changed := changed || jsonb_build_object('completed', jsonb_build_object('from', OLD."completed", 'to', NEW."completed"));
  END IF;
  IF NEW."list_id" IS DISTINCT FROM OLD."list_id" THEN
    changed := changed || jsonb_build_object('listId', jsonb_build_object('from', OLD."list_id", 'to', NEW."list_id"));
    kind := 'moved';
  ELSIF changed ? 'completed' AND changed - 'completed' = '{}'::jsonb THEN
    kind := CASE WHEN NEW."completed" THEN 'completed' ELSE 'reopened' END;
  ELSE
    kind := 'updated';
  END IF;
  INSERT INTO "activity" ("list_id", "from_list_id", "task_id", "task_title", "actor_id", "action", "changes")
    VALUES (NEW."list_id", CASE WHEN kind = 'moved' THEN OLD."list_id" END, NEW."id", NEW."title", NEW."updated_by", kind, changed);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "tasks_history_insert" AFTER INSERT ON "tasks" FOR EACH ROW EXECUTE FUNCTION "tasks_record_history"();--> statement-breakpoint
CREATE TRIGGER "tasks_history_update" AFTER UPDATE ON "tasks" FOR EACH ROW
  WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."description" IS DISTINCT FROM NEW."description"
    OR OLD."priority" IS DISTINCT FROM NEW."priority" OR OLD."due_date" IS DISTINCT FROM NEW."due_date"
    OR OLD."completed" IS DISTINCT FROM NEW."completed" OR OLD."list_id" IS DISTINCT FROM NEW."list_id")
  EXECUTE FUNCTION "tasks_record_history"();
