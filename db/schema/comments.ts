import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tasks } from "./tasks";

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * A task's comments, oldest first. Always read by task id and comment id together. A
 * comment outlives its author (author_id null: "Deleted account") and goes with its task.
 * list_id is the task's list, moved with it (the column a sharded database distributes on).
 */
export const taskComments = pgTable(
  "task_comments",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    taskId: varchar("task_id", { length: 255 })
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 }).notNull(),
    authorId: varchar("author_id", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    editedAt: timestamp("edited_at", ms),
  },
  (t) => [
    index("idx_task_comments_task_created").on(t.taskId, t.createdAt, t.id),
    check("task_comments_body_length_check", sql`char_length(${t.body}) between 1 and 5000`),
  ],
);

export type TaskComment = typeof taskComments.$inferSelect;
