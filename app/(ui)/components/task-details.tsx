import Link from "next/link";
import { formatDueDate, isOverdue } from "../lib/dates";
import type { Task } from "../lib/types";
import { TagChips } from "./tag-chips";

const PRIORITY_LABEL = { low: "Low", medium: "Medium", high: "High" } as const;

type TaskDetailsProps = {
  task: Task;
  /** The completion checkbox's id; none for a viewer, who has no checkbox. */
  labelFor?: string;
  /** The list it is in, shown in the "All lists" view. */
  listName?: string;
  /** On the task's own page: the page's heading is the title, and there is no link to itself. */
  standalone?: boolean;
};

/** The task's own page: its comments, attachments and history. */
export const taskPath = (task: Pick<Task, "id">) => `/tasks/${encodeURIComponent(task.id)}`;

/**
 * The readable part of a task. The title is the checkbox's <label>, so the checkbox is
 * announced by the task's name and clicking the title toggles it. A viewer has no checkbox:
 * the title is plain text and "done" is said in words.
 */
export function TaskDetails({ task, labelFor, listName, standalone = false }: TaskDetailsProps) {
  const overdue = !task.completed && task.dueDate !== null && isOverdue(task.dueDate);
  const hasMeta =
    task.priority !== null || task.dueDate !== null || listName !== undefined || (!labelFor && task.completed) || task.commentCount > 0;
  return (
    <div className="task__body">
      {standalone ? null : labelFor ? (
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
          {task.commentCount > 0 && (
            <span className="task__comments">
              {task.commentCount} {task.commentCount === 1 ? "comment" : "comments"}
            </span>
          )}
        </p>
      )}
      <TagChips tags={task.tags} />
      {!standalone && (
        <Link href={taskPath(task)} className="task__open">
          Details<span className="visually-hidden"> of “{task.title}”</span>
        </Link>
      )}
    </div>
  );
}
