import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { lists } from "./lists";
import { TAG_COLORS, type TagColor } from "./tag-colors";
import { tasks } from "./tasks";

// Tags belong to a list: a shared list's members share its tags. A task carries a set of
// its list's tags (task_tags, many-to-many); a task that moves takes its tags by name.

/** The fixed palette a tag's colour comes from (the UI maps each to its own shade). */
export { TAG_COLORS, type TagColor } from "./tag-colors";

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * What makes two tag names the same: tasks_title_key (migration 0005) folds case and
 * accents the same way on every database, so "Café" and "cafe" are one tag of a list.
 */
export function tagNameKey(name: unknown) {
  return sql`tasks_title_key(${name})`;
}

export const tags = pgTable(
  "tags",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: varchar("color", { length: 10 }).$type<TagColor>(),
    // The folded name, stored: tasks' tags are ordered by it in every task answer, and the
    // function is PL/pgSQL (computing it per tag per row was most of a page's database time).
    nameKey: text("name_key")
      .notNull()
      .generatedAlwaysAs(sql`tasks_title_key(name)`),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
  },
  (t) => [
    // One tag per name in a list, ignoring case and accents; also "the tag named X".
    uniqueIndex("idx_tags_list_name_key").on(t.listId, tagNameKey(t.name)),
    check("tags_name_length_check", sql`char_length(${t.name}) between 1 and 50`),
    check("tags_color_check", sql`${t.color} is null or ${t.color} in (${sql.raw(TAG_COLORS.map((c) => `'${c}'`).join(", "))})`),
  ],
);

/** Which tags a task carries. list_id is the task's (and the tag's) list, kept equal by the moves. */
export const taskTags = pgTable(
  "task_tags",
  {
    taskId: varchar("task_id", { length: 255 })
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    tagId: varchar("tag_id", { length: 255 })
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.taskId, t.tagId] }),
    // "The tasks with this tag": the tag filter, a rename's or a deletion's tasks.
    index("idx_task_tags_tag").on(t.tagId, t.taskId),
  ],
);

export type Tag = typeof tags.$inferSelect;
