import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { taskCounters } from "@/db/schema";

/**
 * A CTE that bumps the user's task counter and yields the new value as `revision`. Every
 * task write runs with it, in the same statement: the counter row's lock orders a user's
 * writes, so revisions follow commit order (the change feed relies on it). For a user
 * that no longer exists it fails on the foreign key, which the error path answers as 401.
 */
export function nextRevision(db: Executor, userId: string) {
  return db.$with("next_revision").as(
    db
      .insert(taskCounters)
      .values({ userId, revision: 1 })
      .onConflictDoUpdate({ target: taskCounters.userId, set: { revision: sql`${taskCounters.revision} + 1` } })
      .returning({ revision: taskCounters.revision }),
  );
}

export type NextRevision = ReturnType<typeof nextRevision>;

export function revisionOf(cte: NextRevision) {
  return sql<number>`(select revision from ${cte})`;
}
