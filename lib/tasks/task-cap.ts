import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { tasks } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/http/problem";

/** MAX_TASKS_PER_USER, or undefined when there is no cap (0). */
export function taskCap(): number | undefined {
  const cap = config().maxTasksPerUser;
  return cap > 0 ? cap : undefined;
}

/**
 * Refuses (422) when the user has more than `cap` tasks, counted right after inserting
 * one, in the inserting transaction: the error rolls the insert back, and a batch with it.
 *
 * Why after, and why this is exact under concurrency: the insert bumped the owner's
 * task_counters row (nextRevision), whose lock is held until commit, so a concurrent
 * create of the same user waits for this transaction to end. This count is a new
 * statement with a new snapshot, so it sees every task committed before the lock was
 * granted, plus this transaction's own. The count cannot go inside the insert statement:
 * that statement's snapshot is taken before it waits for the lock, and two racing creates
 * would each miss the other's task.
 *
 * It reads at most cap + 1 index entries (idx_tasks_user_id).
 */
export async function assertUnderTaskCap(tx: Executor, userId: string, cap: number): Promise<void> {
  const [row] = rowsOf<{ over: boolean }>(
    await tx.execute(sql`
      select count(*) > ${cap}::integer as over
      from (select 1 from ${tasks} where ${tasks.userId} = ${userId} limit ${cap + 1}::integer) as capped`),
  );
  if (row?.over) {
    throw new AppError("task_limit_reached", `You can have at most ${cap} tasks; delete some to create more.`);
  }
}
