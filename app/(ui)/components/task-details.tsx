import { formatDueDate, isOverdue } from "../lib/dates";
import type { Task } from "../lib/types";

const PRIORITY_LABEL = { low: "Low", medium: "Medium", high: "High" } as const;

type TaskDetailsProps = {
  task: Task;
  /** The completion checkbox's id; none for a viewer, who has no checkbox. */
  labelFor?: string;
  /** The list it is in, shown in the "All lists" view. */
  listName?: string;
};

/**
 * The readable part of a task. The title is the checkbox's <label>, so the checkbox is
 * announced by the task's name and clicking the title toggles it. A viewer has no checkbox:
 * the title is plain text and "done" is said in words.
 */
export function TaskDetails({ task, labelFor, listName }: TaskDetailsProps) {
  const overdue = !task.completed && task.dueDate !== null && isOverdue(task.dueDate);
  const hasMeta = task.priority !== null || task.dueDate !== null || listName !== undefined || (!labelFor && task.completed);
  return (
    <div className="task__body">
      {labelFor ? (
        <label htmlFor={labelFor} className="task__title">
          {task.title}
        </label>
      ) : (
        <span className="task__title">{task.title}</span>
      )}
      {task.description && <p className="task__description">{task.description}</p>}
      {hasMeta && (
        <p className="task__meta">
          {!labelFor && task.completed && <span className="badge">Done</span>}
          {listName !== undefined && (
            <span className="task__list">
              <span className="visually-hidden">List: </span>
              {listName}
            </span>
          )}
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
