import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { bigint, boolean, json, jsonb, check, index, integer, pgSequence, pgTable, primaryKey, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { CURRENT_TXID, lists } from "./lists";
import type { TagColor } from "./tag-colors";

/** A task's tags as the API shows them, in their order (by name folded, then id). */
export type TagListEntry = { id: string; name: string; color: TagColor | null };

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

/**
 * Task revisions (the ETag) come from one sequence: unique across all tasks, so a task's
 * revision only ever grows, even when it moves to a list of another owner. Migration 0008
 * starts it above every revision handed out before it.
 */
export const taskRevisions = pgSequence("task_revisions");

export const tasks = pgTable(
  "tasks",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    // The owner of the task's list (the seed's "owner of the task"): moves with the list.
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    // Who created it and who changed it last; null once that account is gone.
    createdBy: varchar("created_by", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    updatedBy: varchar("updated_by", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    title: varchar("title", { length: 200 }).notNull(),
    description: text("description"),
    completed: boolean("completed").notNull().default(false),
    priority: varchar("priority", { length: 20 }).$type<Priority>(),
    dueDate: timestamp("due_date", ms),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
    // The ETag: the next value of task_revisions at this task's last write.
    revision: bigint("revision", { mode: "number" })
      .notNull()
      .default(sql`nextval('task_revisions')`),
    // The transaction of its last write: its place in the change feed (CURRENT_TXID).
    txid: bigint("txid", { mode: "number" }).notNull().default(CURRENT_TXID),
    // How many comments it has (task_comments), moved by the statements that add and delete
    // them: a page's commentCount without counting.
    commentCount: integer("comment_count").notNull().default(0),
    // Its tags, as a page shows them: a copy the database keeps (migration 0011's triggers on
    // task_tags and tags), never written by the app. Read from the row, a page's tags cost
    // nothing; a subquery per row over task_tags cost a 50-task page 1 ms of database time
    // against 0.14 ms for the rest of it (bench/RESULTS.md).
    tagList: json("tag_list").$type<TagListEntry[]>().notNull().default(sql`'[]'::json`),
  },
  (t) => [
    // The seed's three indexes (data-model.md), by name.
    index("idx_tasks_user_id").on(t.userId),
    index("idx_tasks_completed").on(t.completed),
    index("idx_tasks_user_completed").on(t.userId, t.completed),
    // Every list query reads one list's tasks in one order, after a cursor: for a page of
    // "all my lists", one such range per list (lib/tasks/list.ts). Each index is the list
    // id, then the sort's key exactly as list.ts writes it, then the id. Ascending on
    // purpose: scanned backwards it gives exactly ORDER BY key DESC, id DESC (drizzle's
    // .desc() would add NULLS LAST, which that ORDER BY cannot use).
    index("idx_tasks_list_created").on(t.listId, t.createdAt, t.id),
    // sort=updatedAt, both orders (forwards and backwards).
    index("idx_tasks_list_updated").on(t.listId, t.updatedAt, t.id),
    // sort=dueDate&order=asc: no due date stands in as +infinity, last.
    index("idx_tasks_list_due_asc").on(t.listId, sql`coalesce(${t.dueDate}, 'infinity'::timestamptz)`, t.id),
    // sort=dueDate&order=desc (scanned backwards): no due date as -infinity, last.
    index("idx_tasks_list_due_desc").on(t.listId, sql`coalesce(${t.dueDate}, '-infinity'::timestamptz)`, t.id),
    // sort=priority&order=asc: low, medium, high, then none (4).
    index("idx_tasks_list_priority_asc").on(
      t.listId,
      sql`(case ${t.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 4 end)`,
      t.id,
    ),
    // sort=priority&order=desc (scanned backwards): high, medium, low, then none (0).
    index("idx_tasks_list_priority_desc").on(
      t.listId,
      sql`(case ${t.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`,
      t.id,
    ),
    // sort=title, both orders: the folded title (taskTitleKey), the same order everywhere.
    index("idx_tasks_list_title_key").on(t.listId, taskTitleKey(t.title), t.id),
    // The change feed: "this list's tasks written at or after transaction N".
    index("idx_tasks_list_txid").on(t.listId, t.txid, t.id),
    // Full-text search (?q=): case- and accent-insensitive, see TASK_SEARCH_DOCUMENT.
    index("idx_tasks_search").using("gin", taskSearchDocument(t.title, t.description)),
    check("tasks_priority_check", sql`${t.priority} in ('low', 'medium', 'high')`),
    // Last line of defence behind the API's validation.
    check("tasks_title_length_check", sql`char_length(${t.title}) between 1 and 200`),
    check("tasks_description_length_check", sql`char_length(${t.description}) <= 1000`),
    check("tasks_comment_count_check", sql`${t.commentCount} >= 0`),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;

/**
 * One row per owner: the number of tasks in the owner's lists, moved by the same statements
 * that insert, move and delete them, so that MAX_TASKS_PER_USER is checked on this one
 * locked row rather than by counting tasks; and the owner's tombstones, so that their bound
 * (SYNC_TOMBSTONES_PER_USER) is too. Its row lock orders the owner's creates and deletes.
 */
export const taskCounters = pgTable("task_counters", {
  userId: varchar("user_id", { length: 255 })
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  taskCount: integer("task_count").notNull().default(0),
  tombstoneCount: integer("tombstone_count").notNull().default(0),
  // The highest transaction (txid) whose tombstone of this owner's lists has been compacted
  // away (lib/tasks/tombstones.ts): every tombstone above it is still there, so a sync
  // position above it misses no deletion, and one at or below it may.
  horizon: bigint("horizon", { mode: "number" }).notNull().default(0),
  // The bytes of the attachments on this owner's lists' tasks, under ATTACHMENT_QUOTA_BYTES.
  attachmentBytes: bigint("attachment_bytes", { mode: "number" }).notNull().default(0),
});

/**
 * What a task leaves behind in a list it left (deleted, or moved to another list), for the
 * change feed: its id, the list, and when (txid). user_id is the list's owner, whose
 * counter bounds them. No foreign key to lists: a deleted list's tombstones are how its
 * members learn that its tasks went.
 */
export const taskTombstones = pgTable(
  "task_tombstones",
  {
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 }).notNull(),
    taskId: varchar("task_id", { length: 255 }).notNull(),
    txid: bigint("txid", { mode: "number" }).notNull().default(CURRENT_TXID),
    deletedAt: timestamp("deleted_at", ms).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.taskId] }),
    index("idx_task_tombstones_list_txid").on(t.listId, t.txid, t.taskId),
    // Compaction: the owner's oldest first.
    index("idx_task_tombstones_user_txid").on(t.userId, t.txid),
  ],
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
