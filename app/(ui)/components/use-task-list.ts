"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, isAbort } from "../lib/api";
import { listTasks } from "../lib/tasks-api";
import type { Task, TaskFilter } from "../lib/types";

type Phase = "loading" | "ready" | "error";

export function matchesFilter(task: Task, filter: TaskFilter): boolean {
  return filter === "all" || task.completed === (filter === "completed");
}

/**
 * One filter's tasks, a page at a time, plus local edits so the list follows the
 * person's own changes without a refetch. A newer load aborts an older one, so a quick
 * filter switch never shows the previous filter's answer.
 */
export function useTaskList(filter: TaskFilter, onError: (error: unknown) => void) {
  const [items, setItems] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const inFlight = useRef<AbortController | null>(null);
  // The latest error handler, without making every load depend on the caller's render.
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });

  /** Fetches a page: the first one (cursor null) replaces the list, later ones append. */
  const fetchPage = useCallback(
    async (cursor: string | null): Promise<Task[]> => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setLoadError(null);
      try {
        const page = await listTasks(filter, cursor, controller.signal);
        setItems((current) => (cursor ? appendUnique(current, page.items) : page.items));
        setNextCursor(page.nextCursor);
        setPhase("ready");
        return page.items;
      } catch (error) {
        if (isAbort(error)) return [];
        onErrorRef.current(error);
        setLoadError(error instanceof ApiError ? error.message : "Could not load your tasks.");
        // A failed first load leaves nothing to show; a failed "load more" keeps the list.
        if (!cursor) setPhase("error");
        return [];
      } finally {
        if (inFlight.current === controller) inFlight.current = null;
      }
    },
    [filter],
  );

  useEffect(() => {
    setItems([]);
    setNextCursor(null);
    setPhase("loading");
    void fetchPage(null);
    return () => inFlight.current?.abort();
  }, [fetchPage]);

  const reload = useCallback(() => {
    setPhase("loading");
    return fetchPage(null);
  }, [fetchPage]);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return [];
    setLoadingMore(true);
    try {
      return await fetchPage(nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }, [fetchPage, nextCursor, loadingMore]);

  /** Puts a changed task in place; it leaves the list when it no longer fits the filter. */
  const replace = useCallback(
    (task: Task, { keepIfFiltered = false } = {}) =>
      setItems((current) =>
        keepIfFiltered || matchesFilter(task, filter)
          ? current.map((t) => (t.id === task.id ? task : t))
          : current.filter((t) => t.id !== task.id),
      ),
    [filter],
  );

  /** A new task is the newest, so it goes first (when this filter shows it at all). */
  const prepend = useCallback(
    (task: Task) => {
      if (matchesFilter(task, filter)) setItems((current) => [task, ...current.filter((t) => t.id !== task.id)]);
    },
    [filter],
  );

  const remove = useCallback((id: string) => setItems((current) => current.filter((t) => t.id !== id)), []);

  return { items, nextCursor, phase, loadError, loadingMore, reload, loadMore, replace, prepend, remove };
}

function appendUnique(current: Task[], more: Task[]): Task[] {
  const seen = new Set(current.map((t) => t.id));
  return [...current, ...more.filter((t) => !seen.has(t.id))];
}
