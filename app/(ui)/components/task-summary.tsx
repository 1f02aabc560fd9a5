import type { TaskSummary as Summary } from "../lib/types";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The counts of all the person's tasks, whatever the list is showing. Not a live region:
 * it changes after every action, and the status line already says what happened.
 */
export function TaskSummary({ summary }: { summary: Summary | null }) {
  if (!summary) return <p className="summary-note">Counting tasks…</p>;
  if (summary.total === 0) return <p className="summary-note">0 tasks</p>;
  return (
    <ul className="summary" aria-label="Summary">
      <li className="summary__item">{plural(summary.total, "task", "tasks")}</li>
      <li className="summary__item">{summary.pending} pending</li>
      <li className="summary__item">{summary.completed} completed</li>
      <li className={summary.overdue > 0 ? "summary__item summary__item--alert" : "summary__item"}>{summary.overdue} overdue</li>
      <li className="summary__item">{summary.dueToday} due today</li>
    </ul>
  );
}
