import { getTableColumns, sql } from "drizzle-orm";
import { tasks, type Task } from "@/db/schema";
import type { TaskTagJson } from "./responses";

// A task's tags come with its row: tasks.tag_list, the copy the database keeps of them
// (migration 0011's triggers, in the order the list shows them: by the folded name, then
// id). A page of tasks with their tags is one read of the tasks, with no per-row subquery.

// By name as the list orders them (case and accents folded, then byte by byte, the same on
// every database), then id: the order of tag_list too (tasks_tag_list, migration 0011). The
// folded name is the stored tags.name_key (migration 0010).
export const TAG_ORDER = sql`g.name_key collate "C", g.id`;

/** A task as the data layer hands it out: the row, its tags (tag_list) as `tags`. */
export type TaggedTask = Omit<Task, "tagList"> & { tags: TaskTagJson[] };

const { tagList, ...untaggedColumns } = getTableColumns(tasks);

/** A typed select's columns for a TaggedTask: every column, tag_list as `tags`. */
export const taggedTaskColumns = () => ({ ...untaggedColumns, tags: tagList });

// The JSON arrives parsed from postgres.js and PGlite alike; a text would be parsed here.
export const parsedTags = (value: unknown): TaskTagJson[] => (typeof value === "string" ? (JSON.parse(value) as TaskTagJson[]) : (value as TaskTagJson[]));
