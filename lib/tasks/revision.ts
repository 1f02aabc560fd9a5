import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { taskCounters } from "@/db/schema";

/**
 * A CTE that bumps the user's task counter and yields the new value as `revision`. Every
 * task write runs with it, in the same statement: the counter row's lock orders a user's
 * writes, so revisions follow commit order (the change feed relies on it). For a user
 * that no longer exists it fails on the foreign key, which the error path answers as 401.
 *
 * A create passes `cap` (MAX_TASKS_PER_USER, or undefined for none): the row's task count
 * goes up by one, unless it has reached the cap, and then the CTE yields no row and the
 * insert that reads it inserts nothing. Exact under any concurrency: PostgreSQL evaluates
 * the conflict's WHERE on the locked, latest version of the row.
 */
export function nextRevision(db: Executor, userId: string, create?: { cap: number | undefined }) {
  const counted = create ? 1 : 0;
  return db.$with("next_revision").as(
    db
      .insert(taskCounters)
      .values({ userId, revision: 1, taskCount: counted })
      .onConflictDoUpdate({
        target: taskCounters.userId,
        set: create
          ? { revision: sql`${taskCounters.revision} + 1`, taskCount: sql`${taskCounters.taskCount} + 1` }
          : { revision: sql`${taskCounters.revision} + 1` },
        ...(create?.cap !== undefined ? { setWhere: sql`${taskCounters.taskCount} < ${create.cap}::integer` } : {}),
      })
      .returning({ revision: taskCounters.revision }),
  );
}

export type NextRevision = ReturnType<typeof nextRevision>;

export function revisionOf(cte: NextRevision) {
  return sql<number>`(select revision from ${cte})`;
}
