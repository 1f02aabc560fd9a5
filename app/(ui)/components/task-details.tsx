import { formatDueDate, isOverdue } from "../lib/dates";
import type { Task } from "../lib/types";

const PRIORITY_LABEL = { low: "Low", medium: "Medium", high: "High" } as const;

/**
 * The readable part of a task. The title is the checkbox's <label>, so the checkbox is
 * announced by the task's name and clicking the title toggles it.
 */
export function TaskDetails({ task, labelFor }: { task: Task; labelFor: string }) {
  const overdue = !task.completed && task.dueDate !== null && isOverdue(task.dueDate);
  const hasMeta = task.priority !== null || task.dueDate !== null;
  return (
    <div className="task__body">
      <label htmlFor={labelFor} className="task__title">
        {task.title}
      </label>
      {task.description && <p className="task__description">{task.description}</p>}
      {hasMeta && (
        <p className="task__meta">
          {task.priority && (
            <span className={`badge badge--${task.priority}`}>{PRIORITY_LABEL[task.priority]} priority</span>
          )}
          {task.dueDate && (
            <span className={overdue ? "due due--overdue" : "due"}>
              Due <time dateTime={task.dueDate}>{formatDueDate(task.dueDate)}</time>
              {overdue && <strong className="due__flag"> · Overdue</strong>}
            </span>
          )}
        </p>
      )}
    </div>
  );
}
