import { sql, type SQL } from "drizzle-orm";
import { tags, taskTags, type Task } from "@/db/schema";
import type { TaskTagJson } from "./responses";

// A task's tags, read in the very statement that reads the task: a correlated subquery per
// row, one range of task_tags' primary key (task_id, tag_id) and a tags primary key lookup
// per tag, so that a page of tasks with their tags is still one statement.

/** A task as the data layer hands it out: the row, and its tags in their order. */
export type TaggedTask = Task & { tags: TaskTagJson[] };

// By name as the list orders them (case and accents folded, then byte by byte, the same on
// every database), then id. The folded name is the stored tags.name_key (migration 0010):
// tasks_title_key is PL/pgSQL, and calling it for every tag of every task of a page cost
// the list page a third of its throughput (bench/RESULTS.md).
export const TAG_ORDER = sql`g.name_key collate "C", g.id`;

// The JSON arrives parsed from postgres.js and PGlite alike; a text would be parsed here.
export const parsedTags = (value: unknown): TaskTagJson[] => (typeof value === "string" ? (JSON.parse(value) as TaskTagJson[]) : (value as TaskTagJson[]));

/**
 * The tags of the task whose id is `taskId`, as a JSON array ([] for none). `taskId` must be
 * written with its table (`"t"."id"`): a bare "id" inside the subquery would be the tag's.
 */
export function tagsOfTask(taskId: SQL): SQL.Aliased<TaskTagJson[]> {
  // One line: the statement's text is what tests and logs match (prepared-statements.test.ts).
  const json = sql`json_agg(json_build_object('id', g.id, 'name', g.name, 'color', g.color) order by ${TAG_ORDER})`;
  return sql`coalesce((select ${json} from ${taskTags} tt join ${tags} g on g.id = tt.tag_id where tt.task_id = ${taskId}), '[]'::json)`
    .mapWith(parsedTags)
    .as("tags");
}

/** `"table"."id"`, for tagsOfTask: a table or a subquery's alias. */
export const idOf = (table: string) => sql.raw(`"${table}"."id"`);
