import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { bigint, boolean, jsonb, check, index, integer, pgTable, primaryKey, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";

export const PRIORITIES = ["low", "medium", "high"] as const;

/**
 * What ?q= searches: title and description under the `tasks_search` text search
 * configuration (created in migration 0001: the `simple` dictionary behind `unaccent`, so
 * "Café" matches "cafe" and no language's stemming surprises anyone). The list query
 * must use this same expression for the GIN index to serve it.
 */
export function taskSearchDocument(title: SQLWrapper, description: SQLWrapper): SQL {
  return sql`to_tsvector('tasks_search'::regconfig, ${title} || ' ' || coalesce(${description}, ''))`;
}
export type Priority = (typeof PRIORITIES)[number];

/**
 * What sort=title compares: tasks_title_key(title), a folding of case and accents created
 * in migration 0005 that depends on no locale, compared byte by byte (collate "C"). So
 * "apples" < "Café" = "cafe" = "CAFE" (then by id) < "Zebra" on any PostgreSQL, whatever
 * the database's collation, and on PGlite. The list query and idx_tasks_user_title_key must
 * both use this expression for the index to serve it.
 */
export function taskTitleKey(title: SQLWrapper): SQL {
  return sql`(tasks_title_key(${title}) collate "C")`;
}

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
    // The owner's task counter (task_counters) at this task's last write: the ETag, and
    // the position of this change in the owner's change feed (GET /api/tasks/changes).
    revision: bigint("revision", { mode: "number" }).notNull(),
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
    // The change feed: "this user's tasks written after revision N".
    index("idx_tasks_user_revision").on(t.userId, t.revision),
    // Full-text search (?q=): case- and accent-insensitive, see TASK_SEARCH_DOCUMENT.
    index("idx_tasks_search").using("gin", taskSearchDocument(t.title, t.description)),
    // The other sorts of the list (lib/tasks/list.ts), each "this user's tasks in this order,
    // after a cursor" as one index range. The expressions must match list.ts's exactly; the
    // nullable keys need one index per order because they sort last in both.
    // sort=updatedAt, both orders (forwards and backwards).
    index("idx_tasks_user_updated").on(t.userId, t.updatedAt, t.id),
    // sort=dueDate&order=asc: no due date stands in as +infinity, last.
    index("idx_tasks_user_due_asc").on(t.userId, sql`coalesce(${t.dueDate}, 'infinity'::timestamptz)`, t.id),
    // sort=dueDate&order=desc (scanned backwards): no due date as -infinity, last.
    index("idx_tasks_user_due_desc").on(t.userId, sql`coalesce(${t.dueDate}, '-infinity'::timestamptz)`, t.id),
    // sort=priority&order=asc: low, medium, high, then none (4).
    index("idx_tasks_user_priority_asc").on(
      t.userId,
      sql`(case ${t.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 4 end)`,
      t.id,
    ),
    // sort=priority&order=desc (scanned backwards): high, medium, low, then none (0).
    index("idx_tasks_user_priority_desc").on(
      t.userId,
      sql`(case ${t.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`,
      t.id,
    ),
    // sort=title, both orders: the folded title (taskTitleKey), the same order everywhere.
    index("idx_tasks_user_title_key").on(t.userId, taskTitleKey(t.title), t.id),
    check("tasks_priority_check", sql`${t.priority} in ('low', 'medium', 'high')`),
    // Last line of defence behind the API's validation.
    check("tasks_title_length_check", sql`char_length(${t.title}) between 1 and 200`),
    check("tasks_description_length_check", sql`char_length(${t.description}) <= 1000`),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;

/**
 * One counter per user, bumped by every task write (in the same statement). Its row lock
 * orders one user's writes, so revisions are handed out in commit order and a sync token
 * never skips a change that commits late. It also counts the user's tasks, moved by the
 * same statements that insert and delete them, so that MAX_TASKS_PER_USER is checked on
 * this one locked row rather than by counting tasks; and the user's tombstones, so that
 * their bound (SYNC_TOMBSTONES_PER_USER) is too.
 */
export const taskCounters = pgTable("task_counters", {
  userId: varchar("user_id", { length: 255 })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  revision: bigint("revision", { mode: "number" }).notNull().default(0),
  taskCount: integer("task_count").notNull().default(0),
  tombstoneCount: integer("tombstone_count").notNull().default(0),
  // The highest revision whose tombstone has been compacted away (lib/tasks/tombstones.ts):
  // every tombstone above it is still there, so a sync token at or above it misses no
  // deletion, and one below it may.
  horizon: bigint("horizon", { mode: "number" }).notNull().default(0),
});

/** What a deleted task leaves behind for the change feed: its id and when (revision). */
export const taskTombstones = pgTable(
  "task_tombstones",
  {
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    taskId: varchar("task_id", { length: 255 }).notNull(),
    revision: bigint("revision", { mode: "number" }).notNull(),
    deletedAt: timestamp("deleted_at", ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.taskId] }), index("idx_task_tombstones_user_revision").on(t.userId, t.revision)],
);

/** Idempotency-Key records for POST /api/tasks: the first response, replayed for 24 hours. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: varchar("key", { length: 255 }).notNull(),
    requestHash: varchar("request_hash", { length: 64 }).notNull(),
    // The task as the first response showed it: a retry gets exactly that body back.
    response: jsonb("response").notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idx_idempotency_keys_created").on(t.createdAt)],
);
