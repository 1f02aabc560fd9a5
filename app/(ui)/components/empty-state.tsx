import type { TaskFilter } from "../lib/types";

const MESSAGES: Record<TaskFilter, { title: string; hint: string }> = {
  all: { title: "No tasks yet", hint: "Add your first task above." },
  pending: { title: "Nothing pending", hint: "Every task is done. Nice work!" },
  completed: { title: "No completed tasks", hint: "Tick a task's checkbox when it is done." },
};

type EmptyStateProps = {
  status: TaskFilter;
  /** A search, priority or due filter is set. */
  filtered: boolean;
  /** The summary says the person has no tasks at all, whatever the filters. */
  noTasksAtAll: boolean;
  onClearFilters(): void;
};

/** Why the list is empty: no tasks at all, none with this status, or none matching the filters. */
export function EmptyState({ status, filtered, noTasksAtAll, onClearFilters }: EmptyStateProps) {
  const { title, hint } = noTasksAtAll
    ? MESSAGES.all
    : filtered
      ? { title: "No tasks match these filters", hint: "Try other words, or fewer filters." }
      : MESSAGES[status];
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      <p className="empty__hint">{hint}</p>
      {filtered && (
        <button type="button" className="button button--small empty__action" onClick={onClearFilters}>
          Clear filters
        </button>
      )}
    </div>
  );
}
