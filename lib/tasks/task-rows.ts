import { getTableColumns } from "drizzle-orm";
import { tasks } from "@/db/schema";
import { parsedTags, type TaggedTask } from "@/lib/tags/of-task";

// A task from a raw result row ({ column_name: value }), decoded by each column's own
// mapFromDriverValue, as Drizzle's typed selects do, without their per-field work: Drizzle
// maps every field of every row through several `is()` checks, and through the Proxy of a
// subquery's alias those walk prototypes and traps. For the LATERAL page (lib/tasks/list.ts)
// that was about 0.45 ms of CPU per page of 51 rows, a fifth of the whole request's.
// tag_list becomes `tags` in the same pass: a row copied without it ({ tagList, ...rest })
// cost a page another 0.15 ms.
const { tagList, ...untagged } = getTableColumns(tasks);
const COLUMNS = Object.entries(untagged).map(([key, column]) => ({ key, name: column.name, column }));
const TAG_LIST = tagList.name;

export function taggedTaskFromRow(row: Record<string, unknown>): TaggedTask {
  const task: Record<string, unknown> = {};
  for (const { key, name, column } of COLUMNS) {
    const value = row[name];
    task[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  task.tags = parsedTags(row[TAG_LIST]);
  return task as TaggedTask;
}
