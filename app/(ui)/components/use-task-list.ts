"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api, isAbort, PAGE_SIZE } from "../lib/api-client";
import { describeError, type ErrorView } from "../lib/error-view";
import { toListParams, type ListQuery } from "../lib/list-query";
import { matchesFilters } from "../lib/task-match";
import type { Task, TaskListParams, TaskPage } from "../lib/types";

type Phase = "loading" | "ready" | "error";

type Handlers = {
  onError(error: unknown): void;
  /** A first page arrived: for a new query, for a refresh, or for a retry. */
  onFirstPage?(page: TaskPage): void;
};

/**
 * One query's tasks, a page at a time, plus local edits so the list follows the person's
 * own changes without a refetch. A newer load aborts an older one, so a quick change of
 * filters never shows the previous filters' answer. While a new query loads, the last
 * answer stays on screen (marked `updating`) rather than blinking away at every keystroke.
 */
export function useTaskList(query: ListQuery, handlers: Handlers) {
  const [items, setItems] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [updating, setUpdating] = useState(false);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const inFlight = useRef<AbortController | null>(null);
  // The parameters the tasks on screen were fetched with. "Load more" repeats them exactly
  // (a cursor is only valid with its own filters, and "due today" computed before midnight
  // must stay that day), and local edits are checked against them.
  const params = useRef<TaskListParams | null>(null);
  // The latest handlers, without making every load depend on the caller's render.
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  /** Fetches a page: the first one (cursor null) replaces the list, later ones append. */
  const fetchPage = useCallback(
    async (cursor: string | null): Promise<TaskPage | null> => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setLoadError(null);
      const pageParams = cursor && params.current ? params.current : toListParams(query);
      try {
        const page = await api.tasks.list(
          { ...pageParams, limit: PAGE_SIZE, ...(cursor && { cursor }) },
          { signal: controller.signal },
        );
        params.current = pageParams;
        setItems((current) => (cursor ? appendUnique(current, page.items) : page.items));
        setNextCursor(page.nextCursor);
        setPhase("ready");
        if (!cursor) handlersRef.current.onFirstPage?.(page);
        return page;
      } catch (error) {
        if (isAbort(error)) return null;
        handlersRef.current.onError(error);
        setLoadError(describeError(error, "Could not load your tasks."));
        // A failed first load leaves nothing to show; a failed "load more" keeps the list.
        if (!cursor) setPhase("error");
        return null;
      } finally {
        if (inFlight.current === controller) {
          inFlight.current = null;
          setUpdating(false);
        }
      }
    },
    [query],
  );

  /** Page 1 again, with the current list kept on screen until it arrives. */
  const refresh = useCallback(() => {
    setUpdating(true);
    return fetchPage(null);
  }, [fetchPage]);

  // A new query starts from page 1: the old cursor belongs to the old filters.
  useEffect(() => {
    void refresh();
    return () => inFlight.current?.abort();
  }, [refresh]);

  /** After a failed first load: back to "Loading…" and try again. */
  const reload = useCallback(() => {
    setPhase("loading");
    return fetchPage(null);
  }, [fetchPage]);

  const loadMore = useCallback(async (): Promise<Task[]> => {
    if (!nextCursor || loadingMore) return [];
    setLoadingMore(true);
    try {
      return (await fetchPage(nextCursor))?.items ?? [];
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage, nextCursor, loadingMore]);

  /** Whether a task fits the filters of the list on screen (the search aside). */
  const matches = useCallback((task: Task) => matchesFilters(task, params.current ?? toListParams(query)), [query]);

  /** Puts a changed task in place; it leaves the list when it no longer fits the filters. */
  const replace = useCallback(
    (task: Task, { keepIfFiltered = false } = {}) =>
      setItems((current) =>
        keepIfFiltered || matches(task) ? current.map((t) => (t.id === task.id ? task : t)) : current.filter((t) => t.id !== task.id),
      ),
    [matches],
  );

  /** A new task goes first: for a list in creation order, newest first. */
  const prepend = useCallback((task: Task) => setItems((current) => [task, ...current.filter((t) => t.id !== task.id)]), []);

  const remove = useCallback((id: string) => setItems((current) => current.filter((t) => t.id !== id)), []);

  return { items, nextCursor, phase, updating, loadError, loadingMore, reload, refresh, loadMore, matches, replace, prepend, remove };
}

function appendUnique(current: Task[], more: Task[]): Task[] {
  const seen = new Set(current.map((t) => t.id));
  return [...current, ...more.filter((t) => !seen.has(t.id))];
}
