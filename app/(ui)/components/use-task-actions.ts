"use client";

import { useState } from "react";
import { TasksApiError } from "@/lib/client";
import { api } from "../lib/api-client";
import { describeError } from "../lib/error-view";
import { newTaskGoesFirst, type ListQuery } from "../lib/list-query";
import { changedFields } from "../lib/task-input";
import type { Task, TaskFilter, TaskInput } from "../lib/types";
import { checkboxId } from "./task-item";
import type { useTaskList } from "./use-task-list";

export const FILTER_NAME: Record<TaskFilter, string> = { all: "All", pending: "Pending", completed: "Completed" };

type ActionsContext = {
  query: ListQuery;
  list: ReturnType<typeof useTaskList>;
  /** Re-reads the counts: after every change, whatever the list shows. */
  refreshSummary(): void;
  checkSession(error: unknown): void;
  setStatus(message: string): void;
  setActionError(message: string | null): void;
  focusLater(id: string): void;
  /** A list's name, for the status line after a move. */
  listName(listId: string): string;
  /** Where focus goes when nothing nearer is left. */
  headingId: string;
};

/**
 * What the person can do to tasks: add, edit, tick, delete, clear the completed ones and
 * load more. Each says what happened in the status line, keeps focus somewhere sensible,
 * and refreshes the summary.
 */
export function useTaskActions(context: ActionsContext) {
  const { query, list, refreshSummary, checkSession, setStatus, setActionError, focusLater, listName, headingId } = context;
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());

  function report(error: unknown, what: string) {
    checkSession(error);
    setActionError(`${what}: ${describeError(error, "something went wrong.").message}`);
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
    focusLater(neighbour ? checkboxId(neighbour) : headingId);
  }

  /** Why a task the person just added or changed is not in the list. */
  function hiddenBecause(task: Task): string {
    const byStatus = query.status !== "all" && task.completed !== (query.status === "completed");
    return byStatus ? ` It is not shown under “${FILTER_NAME[query.status]}”.` : " It does not match the filters.";
  }

  async function create(input: TaskInput) {
    setActionError(null);
    let task: Task;
    try {
      // Into the list on screen; under "All lists", the server's default: the Inbox.
      ({ task } = await api.tasks.create({ ...input, ...(query.list && { listId: query.list }) }));
    } catch (error) {
      checkSession(error);
      throw error; // the form shows the field messages
    }
    refreshSummary();
    if (!list.matches(task)) return setStatus(`Added “${task.title}”.${hiddenBecause(task)}`);
    setStatus(`Added “${task.title}”.`);
    if (newTaskGoesFirst(query)) return list.prepend(task);
    // Another order, or a search: where it goes (and whether it matches) is the server's call.
    const page = await list.refresh();
    if (page && !page.nextCursor && !page.items.some((t) => t.id === task.id)) {
      setStatus(`Added “${task.title}”. It does not match the search.`);
    }
  }

  async function save(task: Task, input: TaskInput) {
    setActionError(null);
    const changes = changedFields(task, input);
    if (Object.keys(changes).length === 0) return setStatus("No changes to save.");
    try {
      // PATCH: only the fields changed, so an untouched due time survives an edit.
      const { task: saved } = await api.tasks.update(task.id, changes);
      refreshSummary();
      // An edit can take a task out of the filters (another priority or due date). It
      // otherwise stays where it is, even if the sort would now place it elsewhere: the
      // person's place in the list matters more than the order until the next load.
      const stays = list.matches(saved);
      if (!stays) focusAfterRemoving(task.id);
      list.replace(saved);
      setStatus(`Saved “${saved.title}”.${stays ? "" : hiddenBecause(saved)}`);
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
      const { task: saved } = await api.tasks.complete(task.id, { completed });
      refreshSummary();
      if (!list.matches(saved)) focusAfterRemoving(task.id);
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
      await api.tasks.delete(task.id);
    } catch (error) {
      // Already gone (deleted in another tab): the outcome the person wanted anyway.
      if (!(error instanceof TasksApiError && error.is("not-found"))) return report(error, `Could not delete “${task.title}”`);
    }
    refreshSummary();
    focusAfterRemoving(task.id);
    list.remove(task.id);
    setStatus(`Deleted “${task.title}”.`);
  }

  /** PATCH { listId }: the task goes to another list (editor or above in both). */
  async function move(task: Task, listId: string) {
    if (listId === task.listId) return;
    setActionError(null);
    setBusy(task.id, true);
    try {
      const { task: moved } = await api.tasks.update(task.id, { listId });
      refreshSummary();
      // Out of a one-list view; under "All lists" it stays, showing its new list.
      if (query.list && query.list !== listId) {
        focusAfterRemoving(task.id);
        list.remove(task.id);
      } else {
        list.replace(moved, { keepIfFiltered: true });
      }
      setStatus(`Moved “${moved.title}” to ${listName(listId)}.`);
    } catch (error) {
      report(error, `Could not move “${task.title}”`);
    } finally {
      setBusy(task.id, false);
    }
  }

  /** Resolves false when nothing was cleared, so the button can take focus back. */
  async function clearCompleted(): Promise<boolean> {
    setActionError(null);
    try {
      const { deleted } = await api.tasks.clearCompleted(query.list ? { listId: query.list } : {});
      setStatus(`Cleared ${deleted} completed ${deleted === 1 ? "task" : "tasks"}.`);
      focusLater(headingId); // "Clear completed" is disabled now: it cannot keep focus
      refreshSummary();
      void list.refresh();
      return true;
    } catch (error) {
      report(error, "Could not clear completed tasks");
      return false;
    }
  }

  async function loadMore() {
    const more = await list.loadMore();
    if (more[0]) {
      focusLater(checkboxId(more[0]));
      setStatus(`Loaded ${more.length} more ${more.length === 1 ? "task" : "tasks"}.`);
    }
  }

  return { busyIds, create, save, toggle, remove, move, clearCompleted, loadMore };
}
