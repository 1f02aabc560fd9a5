import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";

// MAX_TASKS_PER_USER is enforced on the owner's counter row, in the statement that creates
// the task (revision.ts, store.ts createTask): one statement, exact under concurrency.

/** MAX_TASKS_PER_USER, or undefined when there is no cap (0). */
export function taskCap(): number | undefined {
  const cap = config().maxTasksPerUser;
  return cap > 0 ? cap : undefined;
}

export function taskLimitReached(cap: number): AppError {
  return new AppError("task_limit_reached", `You can have at most ${cap} tasks; delete some to create more.`);
}
