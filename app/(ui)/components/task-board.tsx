"use client";

import { useCallback, useState } from "react";
import { ApiError } from "../lib/api";
import { changedFields } from "../lib/task-input";
import * as tasksApi from "../lib/tasks-api";
import type { Task, TaskFilter, TaskInput } from "../lib/types";
import { EmptyState } from "./empty-state";
import { TaskFilters } from "./task-filters";
import { TaskForm } from "./task-form";
import { checkboxId, TaskItem } from "./task-item";
import { useFocusLater } from "./use-focus-later";
import { matchesFilter, useTaskList } from "./use-task-list";

const LIST_HEADING_ID = "task-list-heading";
const FILTER_NAME: Record<TaskFilter, string> = { all: "All", pending: "Pending", completed: "Completed" };

type TaskBoardProps = { onSessionExpired(): void; focusNewTask: boolean };

/** The signed-in page: the new-task form, the filters and the list with its actions. */
export function TaskBoard({ onSessionExpired, focusNewTask }: TaskBoardProps) {
  const [filter, setFilter] = useState<TaskFilter>("all");
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const focusLater = useFocusLater();

  // A 401 from any call means the session is gone: back to the sign-in form.
  const checkSession = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.unauthorized) onSessionExpired();
    },
    [onSessionExpired],
  );
  const list = useTaskList(filter, checkSession);

  function report(error: unknown, what: string) {
    checkSession(error);
    setActionError(`${what}: ${error instanceof ApiError ? error.message : "something went wrong."}`);
  }

  function setBusy(id: string, busy: boolean) {
    setBusyIds((ids) => {
      const next = new Set(ids);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  /** Removing a task from view moves focus to its neighbour (or the heading), not to nowhere. */
  function focusAfterRemoving(id: string) {
    const index = list.items.findIndex((t) => t.id === id);
    const neighbour = list.items[index + 1] ?? list.items[index - 1];
    focusLater(neighbour ? checkboxId(neighbour) : LIST_HEADING_ID);
  }

  async function create(input: TaskInput) {
    setActionError(null);
    try {
      const task = await tasksApi.createTask(input);
      list.prepend(task);
      const hidden = matchesFilter(task, filter) ? "" : ` It is not shown under “${FILTER_NAME[filter]}”.`;
      setStatus(`Added “${task.title}”.${hidden}`);
    } catch (error) {
      checkSession(error);
      throw error; // the form shows the field messages
    }
  }

  async function save(task: Task, input: TaskInput) {
    setActionError(null);
    const changes = changedFields(task, input);
    if (Object.keys(changes).length === 0) return setStatus("No changes to save.");
    try {
      list.replace(await tasksApi.updateTask(task.id, changes));
      setStatus(`Saved “${input.title.trim()}”.`);
    } catch (error) {
      checkSession(error);
      throw error;
    }
  }

  async function toggle(task: Task, completed: boolean) {
    setActionError(null);
    setBusy(task.id, true);
    // Optimistic: the tick shows at once and is undone if the server says no.
    list.replace({ ...task, completed }, { keepIfFiltered: true });
    try {
      const saved = await tasksApi.setTaskCompleted(task.id, completed);
      if (!matchesFilter(saved, filter)) focusAfterRemoving(task.id);
      list.replace(saved);
      setStatus(`Marked “${saved.title}” as ${saved.completed ? "done" : "not done"}.`);
    } catch (error) {
      list.replace(task, { keepIfFiltered: true });
      report(error, `Could not update “${task.title}”`);
    } finally {
      setBusy(task.id, false);
    }
  }

  async function remove(task: Task) {
    setActionError(null);
    try {
      await tasksApi.deleteTask(task.id);
    } catch (error) {
      // Already gone (deleted in another tab): the outcome the person wanted anyway.
      if (!(error instanceof ApiError && error.status === 404)) return report(error, `Could not delete “${task.title}”`);
    }
    focusAfterRemoving(task.id);
    list.remove(task.id);
    setStatus(`Deleted “${task.title}”.`);
  }

  async function loadMore() {
    const more = await list.loadMore();
    if (more[0]) {
      focusLater(checkboxId(more[0]));
      setStatus(`Loaded ${more.length} more ${more.length === 1 ? "task" : "tasks"}.`);
    }
  }

  function changeFilter(next: TaskFilter) {
    if (next === filter) return;
    setFilter(next);
    setActionError(null);
    setStatus(`Showing ${FILTER_NAME[next].toLowerCase()} tasks.`);
  }

  const { items, phase } = list;
  return (
    <div className="board">
      <section className="card" aria-labelledby="new-task-heading">
        <h2 id="new-task-heading" className="card__title">
          Add a task
        </h2>
        <TaskForm label="New task" submitLabel="Add task" pendingLabel="Adding…" resetAfterSave autoFocus={focusNewTask} onSubmit={create} />
      </section>

      <section className="card" aria-labelledby={LIST_HEADING_ID} aria-busy={phase === "loading" || list.loadingMore}>
        <div className="list-header">
          <h2 id={LIST_HEADING_ID} className="card__title" tabIndex={-1}>
            Your tasks
          </h2>
          <TaskFilters value={filter} onChange={changeFilter} />
        </div>

        <p role="status" className="status">
          {status}
        </p>
        {actionError && (
          <p role="alert" className="form-error">
            {actionError}
          </p>
        )}

        {phase === "loading" && <p className="loading">Loading tasks…</p>}
        {phase === "error" && (
          <div role="alert" className="form-error">
            <p>{list.loadError}</p>
            <button type="button" className="button button--small" onClick={() => void list.reload()}>
              Try again
            </button>
          </div>
        )}
        {phase === "ready" && items.length === 0 && <EmptyState filter={filter} />}
        {phase === "ready" && items.length > 0 && (
          <ul className="task-list" aria-label="Tasks">
            {items.map((task) => (
              <TaskItem key={task.id} task={task} busy={busyIds.has(task.id)} onToggle={toggle} onSave={save} onDelete={remove} />
            ))}
          </ul>
        )}

        {phase === "ready" && items.length > 0 && (
          <div className="list-footer">
            <p className="list-footer__count">
              Showing {items.length} {items.length === 1 ? "task" : "tasks"}
            </p>
            {list.nextCursor && (
              <button type="button" className="button" aria-disabled={list.loadingMore || undefined} onClick={() => void loadMore()}>
                {list.loadingMore ? "Loading…" : "Load more"}
              </button>
            )}
            {list.loadError && phase === "ready" && (
              <p role="alert" className="form-error">
                {list.loadError}
              </p>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
