import { and, eq, sql, type SQL } from "drizzle-orm";
import { database } from "@/db/client";
import { tasks } from "@/db/schema";
import { AppError, codeOf } from "@/lib/errors";
import { reachableTasks } from "@/lib/lists/access";
import { isUuid } from "./ids";
import { emptyPage, OVERDUE } from "./list";
import { TIME_ZONE_MESSAGE } from "./list-query";
import type { TaskSummary } from "./responses";

// GET /api/tasks/summary?tz=…&listId=…: counts of the tasks of every list the caller is a
// member of (or of one), in one statement that reaches them through the memberships.
//   total      every task
//   pending    not completed; completed: completed (pending + completed = total)
//   overdue    due before now and not completed (the list's overdue=true)
//   dueToday   due on today's calendar date in `tz`, completed or not, past hour or future
//              hour alike: "what was on today's plate", not "what is left"
// The answer's shape and the words a client reads are responses.ts's taskSummaryResponse.

const count = (filter: SQL) => sql<number>`count(*) filter (where ${filter})`.mapWith(Number);

export async function summarizeTasks(userId: string, timeZone: string, listId?: string): Promise<TaskSummary> {
  const db = await database();
  if (listId !== undefined && !isUuid(listId)) throw await emptyPage(db, userId, listId);
  const inList = listId === undefined ? [] : [eq(tasks.listId, listId)];
  const today = sql`(now() at time zone ${timeZone})::date`;
  try {
    const [summary] = await db
      .select({
        total: sql<number>`count(*)`.mapWith(Number),
        pending: count(sql`not ${tasks.completed}`),
        completed: count(sql`${tasks.completed}`),
        overdue: count(OVERDUE),
        dueToday: count(sql`(${tasks.dueDate} at time zone ${timeZone})::date = ${today}`),
      })
      .from(tasks)
      .where(and(reachableTasks(userId), ...inList));
    // Nothing counted: a gone account (401) or a list the caller is not in (404) says so.
    if (summary!.total === 0) await emptyPage(db, userId, listId);
    return summary!;
  } catch (error) {
    // A name Intl knows but this server's time zone data does not (they update separately).
    if (codeOf(error) === "22023") {
      throw new AppError("invalid_query", "One or more query parameters are invalid.", [{ path: "tz", message: TIME_ZONE_MESSAGE }]);
    }
    throw error;
  }
}
