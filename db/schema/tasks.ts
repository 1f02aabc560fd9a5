import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const PRIORITIES = ["low", "medium", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

// Millisecond precision on purpose: a JavaScript Date keeps milliseconds only, and the
// list cursor carries created_at; a microsecond the client cannot see would break keyset
// pagination (a row would compare greater than its own cursor).
const ms = { withTimezone: true, precision: 3 } as const;

export const tasks = pgTable(
  "tasks",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: varchar("title", { length: 200 }).notNull(),
    description: text("description"),
    completed: boolean("completed").notNull().default(false),
    priority: varchar("priority", { length: 20 }).$type<Priority>(),
    dueDate: timestamp("due_date", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // The seed's three indexes (data-model.md), by name.
    index("idx_tasks_user_id").on(t.userId),
    index("idx_tasks_completed").on(t.completed),
    index("idx_tasks_user_completed").on(t.userId, t.completed),
    // The list query is "this user's tasks, newest first, after a cursor": without this
    // index PostgreSQL reads all of a user's tasks and sorts them for every page. Ascending
    // on purpose: scanned backwards it gives exactly ORDER BY created_at DESC, id DESC
    // (drizzle's .desc() would add NULLS LAST, which that ORDER BY cannot use).
    index("idx_tasks_user_created").on(t.userId, t.createdAt, t.id),
    check("tasks_priority_check", sql`${t.priority} in ('low', 'medium', 'high')`),
    // Last line of defence behind the API's validation.
    check("tasks_title_length_check", sql`char_length(${t.title}) between 1 and 200`),
    check("tasks_description_length_check", sql`char_length(${t.description}) <= 1000`),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
