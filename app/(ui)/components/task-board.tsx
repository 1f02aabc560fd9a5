"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { isUnauthorized } from "../lib/error-view";
import { hasNarrowingFilters, type ListQuery } from "../lib/list-query";
import type { TaskFilter, TaskPage, User } from "../lib/types";
import { ClearCompleted } from "./clear-completed";
import { InvitationsPanel } from "./invitations-panel";
import { ListActions } from "./list-actions";
import { ListSidebar } from "./list-sidebar";
import { ListToolbar, SEARCH_INPUT_ID } from "./list-toolbar";
import { ShareDialog } from "./share-dialog";
import { TaskFilters } from "./task-filters";
import { TaskForm } from "./task-form";
import { TaskResults } from "./task-results";
import { TaskSummary } from "./task-summary";
import { useFocusLater } from "./use-focus-later";
import { useListActions } from "./use-list-actions";
import { useListQuery, type UpdateListQuery } from "./use-list-query";
import { useListScope } from "./use-list-scope";
import { useLists } from "./use-lists";
import { FILTER_NAME, useTaskActions } from "./use-task-actions";
import { useTaskList } from "./use-task-list";
import { useTagNames } from "./use-tag-names";
import { useTaskSummary } from "./use-task-summary";

const LIST_HEADING_ID = "task-list-heading";
// What "Clear filters" resets; the sort is an order, not a filter, and stays.
const NO_FILTERS: Partial<ListQuery> = { status: "all", q: "", priorities: [], due: null, tags: [], tagMode: "any" };

type TaskBoardProps = { user: User; onSessionExpired(): void; focusNewTask: boolean };

/**
 * The signed-in page: the lists on the side; the person's invitations; the list on screen
 * (or all of them) with its new-task form, summary, filters and tasks. Only the controls the
 * person's role in a list allows are there.
 */
export function TaskBoard({ user, onSessionExpired, focusNewTask }: TaskBoardProps) {
  const [query, updateQuery] = useListQuery();
  const [status, setStatus] = useState("");
  const [sharing, setSharing] = useState(false);
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
  const summary = useTaskSummary(checkSession, query.list);
  const lists = useLists(checkSession);
  const scope = useListScope(lists.lists, query.list);
  // The tags the forms suggest and the filter offers: the list on screen's, or every list's.
  const tagListIds = useMemo(() => (query.list ? [query.list] : (lists.lists ?? []).map((l) => l.id)), [query.list, lists.lists]);
  const tagNames = useTagNames(tagListIds);
  const actions = useTaskActions({
    query,
    list,
    // The sidebar's task counts change with the summary's.
    refreshSummary: () => {
      void summary.refresh();
      void lists.refresh();
      tagNames.refresh(); // a save may have created a tag
    },
    checkSession,
    setStatus,
    setActionError,
    focusLater,
    listName: scope.listName,
    headingId: LIST_HEADING_ID,
  });
  // Another list is a new place, not a new filter: nothing to announce but its heading.
  const select = (listId: string | null) => {
    setSharing(false);
    setActionError(null);
    updateQuery({ list: listId });
  };
  const listActions = useListActions({ lists, userId: user.id, select, checkSession, setStatus, setActionError });

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

  const selected = scope.selected;
  return (
    <div className="workspace">
      <ListSidebar
        lists={lists.lists}
        loadError={lists.loadError?.message ?? null}
        selected={query.list}
        onSelect={select}
        onCreate={listActions.create}
      />
      <div className="board">
        <InvitationsPanel email={user.email} onJoined={(l) => void listActions.joined(l)} setStatus={setStatus} checkSession={checkSession} />

        {scope.canCreate && (
          <section className="card" aria-labelledby="new-task-heading">
            <h2 id="new-task-heading" className="card__title">
              {selected ? `Add a task to “${selected.name}”` : "Add a task"}
            </h2>
            <TaskForm label="New task" submitLabel="Add task" pendingLabel="Adding…" resetAfterSave autoFocus={focusNewTask} tagSuggestions={tagNames.names} onSubmit={actions.create} />
          </section>
        )}

        <section className="card" aria-labelledby={LIST_HEADING_ID} aria-busy={list.phase === "loading" || list.updating || list.loadingMore}>
          <div className="list-header">
            <h2 id={LIST_HEADING_ID} className="card__title" tabIndex={-1}>
              {selected ? selected.name : "Your tasks"}
            </h2>
            <TaskFilters value={query.status} onChange={changeStatus} />
          </div>
          {selected && (
            <ListActions
              key={selected.id}
              list={selected}
              onRename={(body) => listActions.rename(selected, body)}
              onShare={() => setSharing(true)}
              onDelete={() => listActions.remove(selected)}
              onLeave={() => listActions.leave(selected)}
            />
          )}
          <div className="summary-row">
            <TaskSummary summary={summary.summary} />
            {scope.canClear && <ClearCompleted completed={summary.summary?.completed ?? null} onClear={actions.clearCompleted} />}
          </div>
          <ListToolbar query={query} tagNames={tagNames.names} onChange={changeQuery} />

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
            rightsOf={scope.rightsOf}
            tagNames={tagNames.names}
            empty={{ status: query.status, filtered: hasNarrowingFilters(query), noTasksAtAll: summary.summary?.total === 0 }}
            onToggle={actions.toggle}
            onSave={actions.save}
            onDelete={actions.remove}
            onMove={(task, listId) => void actions.move(task, listId)}
            onLoadMore={() => void actions.loadMore()}
            onClearFilters={clearFilters}
            {...(query.list && { onShowAllLists: () => select(null) })}
          />
        </section>
      </div>
      {sharing && selected && (
        <ShareDialog list={selected} callerId={user.id} onListChanged={() => void lists.refresh()} checkSession={checkSession} onClose={() => setSharing(false)} />
      )}
    </div>
  );
}

function describeResults(page: TaskPage): string {
  const n = page.items.length;
  if (n === 0) return "Found no tasks.";
  return `Found ${n} ${n === 1 ? "task" : "tasks"}${page.nextCursor ? ", and more to load" : ""}.`;
}
