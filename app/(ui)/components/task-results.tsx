import type { Task, TaskFilter, TaskInput } from "../lib/types";
import { EmptyState } from "./empty-state";
import { ListError } from "./list-error";
import { TaskItem, type TaskRights } from "./task-item";
import type { useTaskList } from "./use-task-list";

type TaskResultsProps = {
  list: ReturnType<typeof useTaskList>;
  busyIds: ReadonlySet<string>;
  rightsOf(task: Task): TaskRights;
  /** Tag names the edit form suggests. */
  tagNames: string[];
  empty: { status: TaskFilter; filtered: boolean; noTasksAtAll: boolean };
  onToggle(task: Task, completed: boolean): void;
  onSave(task: Task, input: TaskInput): Promise<void>;
  onDelete(task: Task): Promise<void>;
  onMove(task: Task, listId: string): void;
  onLoadMore(): void;
  onClearFilters(): void;
  onShowAllLists?: () => void;
};

/** The list itself, or why there is none: loading, an error, or an empty result. */
export function TaskResults(props: TaskResultsProps) {
  const { list, busyIds, rightsOf, tagNames, empty, onToggle, onSave, onDelete, onMove, onLoadMore, onClearFilters, onShowAllLists } = props;
  const { items, phase, loadError } = list;
  if (phase === "loading") return <p className="loading">Loading tasks…</p>;
  if (phase === "error" && loadError) return <ListError error={loadError} onRetry={() => void list.reload()} onClearFilters={onClearFilters} onShowAllLists={onShowAllLists} />;
  if (items.length === 0) return <EmptyState {...empty} onClearFilters={onClearFilters} />;
  return (
    <>
      {/* Dimmed while newer filters load: what is shown is about to change. */}
      <ul className={list.updating ? "task-list task-list--updating" : "task-list"} aria-label="Tasks">
        {items.map((task) => (
          <TaskItem
            key={task.id}
            task={task}
            rights={rightsOf(task)}
            tagNames={tagNames}
            busy={busyIds.has(task.id)}
            onToggle={onToggle}
            onSave={onSave}
            onDelete={onDelete}
            onMove={onMove}
          />
        ))}
      </ul>
      <div className="list-footer">
        <p className="list-footer__count">
          Showing {items.length} {items.length === 1 ? "task" : "tasks"}
        </p>
        {list.nextCursor && (
          <button type="button" className="button" aria-disabled={list.loadingMore || undefined} onClick={onLoadMore}>
            {list.loadingMore ? "Loading…" : "Load more"}
          </button>
        )}
        {loadError && (
          <p role="alert" className="form-error">
            {loadError.message}
          </p>
        )}
      </div>
    </>
  );
}
