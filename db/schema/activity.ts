import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { lists } from "./lists";

const ms = { withTimezone: true, precision: 3 } as const;

/** What a task's history and a list's activity record. */
export const TASK_ACTIONS = ["created", "updated", "completed", "reopened", "moved", "tagged", "commented", "deleted"] as const;
export const MEMBER_ACTIONS = ["invited", "joined", "left", "removed", "role_changed"] as const;
export const ACTIVITY_ACTIONS = [...TASK_ACTIONS, ...MEMBER_ACTIONS] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/**
 * The audit log, append-only: one row per change of a task (written in the change's own
 * transaction) or of a list's membership. A task's rows outlive the task (no foreign key
 * to tasks): a list's activity shows deleted tasks, by the title they had. Rows go with
 * their list, and when older than HISTORY_RETENTION_DAYS.
 */
export const activity = pgTable(
  "activity",
  {
    // Newest first is id descending: the keyset of both histories.
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    // A move also shows in the list the task left.
    fromListId: varchar("from_list_id", { length: 255 }),
    taskId: varchar("task_id", { length: 255 }),
    // The task's title when it happened: what a deleted task is shown by.
    taskTitle: varchar("task_title", { length: 200 }),
    actorId: varchar("actor_id", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    // The member a membership change is about (invited ones by email, in changes).
    subjectId: varchar("subject_id", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    action: varchar("action", { length: 20 }).$type<ActivityAction>().notNull(),
    // For updates, each changed field as { from, to }; other facts of the action.
    changes: jsonb("changes"),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    index("idx_activity_task").on(t.taskId, t.id).where(sql`${t.taskId} is not null`),
    index("idx_activity_list").on(t.listId, t.id),
    index("idx_activity_from_list").on(t.fromListId, t.id).where(sql`${t.fromListId} is not null`),
    // Retention: the oldest first.
    index("idx_activity_created").on(t.createdAt),
    check("activity_action_check", sql`${t.action} in (${sql.raw(ACTIVITY_ACTIONS.map((a) => `'${a}'`).join(", "))})`),
  ],
);

export type Activity = typeof activity.$inferSelect;
