import { getTableColumns } from "drizzle-orm";
import { tasks, type Task } from "@/db/schema";

// A task from a raw result row ({ column_name: value }), decoded by each column's own
// mapFromDriverValue, as Drizzle's typed selects do, without their per-field work: Drizzle
// maps every field of every row through several `is()` checks, and through the Proxy of a
// subquery's alias those walk prototypes and traps. For the LATERAL page (lib/tasks/list.ts)
// that was about 0.45 ms of CPU per page of 51 rows, a fifth of the whole request's.
const COLUMNS = Object.entries(getTableColumns(tasks)).map(([key, column]) => ({ key, name: column.name, column }));

export function taskFromRow(row: Record<string, unknown>): Task {
  const task: Record<string, unknown> = {};
  for (const { key, name, column } of COLUMNS) {
    const value = row[name];
    task[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return task as Task;
}
