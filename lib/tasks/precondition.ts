import type { Task } from "@/db/schema";

/** What a conditional request asks for: any version of the task, or one of these revisions. */
export type Precondition = "*" | number[];

export function matches(precondition: Precondition, task: Pick<Task, "revision">): boolean {
  return precondition === "*" || precondition.includes(task.revision);
}
