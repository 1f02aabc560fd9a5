"use client";

import { useCallback, useRef, useState } from "react";
import { isUnauthorized } from "../lib/error-view";
import { hasNarrowingFilters, type ListQuery } from "../lib/list-query";
import type { TaskFilter, TaskPage } from "../lib/types";
import { ClearCompleted } from "./clear-completed";
import { ListToolbar, SEARCH_INPUT_ID } from "./list-toolbar";
import { TaskFilters } from "./task-filters";
import { TaskForm } from "./task-form";
import { TaskResults } from "./task-results";
import { TaskSummary } from "./task-summary";
import { useFocusLater } from "./use-focus-later";
import { useListQuery, type UpdateListQuery } from "./use-list-query";
import { FILTER_NAME, useTaskActions } from "./use-task-actions";
import { useTaskList } from "./use-task-list";
import { useTaskSummary } from "./use-task-summary";

const LIST_HEADING_ID = "task-list-heading";
// What "Clear filters" resets; the sort is an order, not a filter, and stays.
const NO_FILTERS: Partial<ListQuery> = { status: "all", q: "", priorities: [], due: null };

type TaskBoardProps = { onSessionExpired(): void; focusNewTask: boolean };

/** The signed-in page: the new-task form, the summary, the filters and the list. */
export function TaskBoard({ onSessionExpired, focusNewTask }: TaskBoardProps) {
  const [query, updateQuery] = useListQuery();
  const [status, setStatus] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const focusLater = useFocusLater();
  // Set when the person changes the search or a filter: the answer is then announced.
  const announceResults = useRef(false);

  // A 401 from any call means the session is gone: back to the sign-in form.
  const checkSession = useCallback(
    (error: unknown) => {
      if (isUnauthorized(error)) onSessionExpired();
    },
    [onSessionExpired],
  );
  const list = useTaskList(query, {
    onError: checkSession,
    onFirstPage(page) {
      if (!announceResults.current) return;
      announceResults.current = false;
      setStatus(describeResults(page));
    },
  });
  const summary = useTaskSummary(checkSession);
  const actions = useTaskActions({
    query,
    list,
    refreshSummary: () => void summary.refresh(),
    checkSession,
    setStatus,
    setActionError,
    focusLater,
    headingId: LIST_HEADING_ID,
  });

  function changeStatus(next: TaskFilter) {
    updateQuery({ status: next });
    setActionError(null);
    setStatus(`Showing ${FILTER_NAME[next].toLowerCase()} tasks.`);
  }

  const changeQuery: UpdateListQuery = (changes, options) => {
    setActionError(null);
    const changed = updateQuery(changes, options);
    // Only a new query loads a new first page; otherwise a later refresh would announce.
    if (changed) announceResults.current = true;
    return changed;
  };

  function clearFilters() {
    changeQuery(NO_FILTERS);
    focusLater(SEARCH_INPUT_ID);
  }

  return (
    <div className="board">
      <section className="card" aria-labelledby="new-task-heading">
        <h2 id="new-task-heading" className="card__title">
          Add a task
        </h2>
        <TaskForm label="New task" submitLabel="Add task" pendingLabel="Adding…" resetAfterSave autoFocus={focusNewTask} onSubmit={actions.create} />
      </section>

      <section className="card" aria-labelledby={LIST_HEADING_ID} aria-busy={list.phase === "loading" || list.updating || list.loadingMore}>
        <div className="list-header">
          <h2 id={LIST_HEADING_ID} className="card__title" tabIndex={-1}>
            Your tasks
          </h2>
          <TaskFilters value={query.status} onChange={changeStatus} />
        </div>
        <div className="summary-row">
          <TaskSummary summary={summary.summary} />
          <ClearCompleted completed={summary.summary?.completed ?? null} onClear={actions.clearCompleted} />
        </div>
        <ListToolbar query={query} onChange={changeQuery} />

        <p role="status" className="status">
          {status}
        </p>
        {actionError && (
          <p role="alert" className="form-error">
            {actionError}
          </p>
        )}

        <TaskResults
          list={list}
          busyIds={actions.busyIds}
          empty={{ status: query.status, filtered: hasNarrowingFilters(query), noTasksAtAll: summary.summary?.total === 0 }}
          onToggle={actions.toggle}
          onSave={actions.save}
          onDelete={actions.remove}
          onLoadMore={() => void actions.loadMore()}
          onClearFilters={clearFilters}
        />
      </section>
    </div>
  );
}

function describeResults(page: TaskPage): string {
  const n = page.items.length;
  if (n === 0) return "Found no tasks.";
  return `Found ${n} ${n === 1 ? "task" : "tasks"}${page.nextCursor ? ", and more to load" : ""}.`;
}
