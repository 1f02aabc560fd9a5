CREATE INDEX "idx_tasks_user_updated" ON "tasks" USING btree ("user_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_due_asc" ON "tasks" USING btree ("user_id",coalesce("due_date", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_due_desc" ON "tasks" USING btree ("user_id",coalesce("due_date", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_priority_asc" ON "tasks" USING btree ("user_id",(case "priority" when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 4 end),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_priority_desc" ON "tasks" USING btree ("user_id",(case "priority" when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end),"id");--> statement-breakpoint
CREATE INDEX "idx_tasks_user_title" ON "tasks" USING btree ("user_id","title","id");