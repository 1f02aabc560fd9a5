"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { TasksApiError } from "@/lib/client";
import { api, isAbort } from "../lib/api-client";
import type { TaskSummary } from "../lib/types";

/**
 * The counts from GET /api/tasks/summary: loaded once, then refreshed by the board after
 * every change. A newer refresh aborts an older one, so quick changes never leave stale
 * numbers on screen. null until the first answer.
 */
export function useTaskSummary(onError: (error: unknown) => void, listId: string | null) {
  const [summary, setSummary] = useState<TaskSummary | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });

  const refresh = useCallback(async () => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      setSummary(await getTaskSummary(listId, controller.signal));
    } catch (error) {
      // The counts are a side dish: on failure the last ones stay. A 401 still signs out.
      if (!isAbort(error)) onErrorRef.current(error);
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, [listId]);

  useEffect(() => {
    void refresh();
    return () => inFlight.current?.abort();
  }, [refresh]);

  return { summary, refresh };
}

/** Counts of one list's tasks, or of every list's (null); "due today" is today where the browser is. */
async function getTaskSummary(listId: string | null, signal: AbortSignal): Promise<TaskSummary> {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const scope = listId ? { listId } : {};
  try {
    return await api.tasks.summary({ tz, ...scope }, { signal });
  } catch (error) {
    // A zone name the server does not know (its time zone data is older than the
    // browser's): counting today in UTC is better than no counts at all.
    const badZone = error instanceof TasksApiError && error.is("invalid-query") && error.problem?.errors?.some((e) => e.path === "tz");
    if (badZone) return api.tasks.summary(scope, { signal });
    throw error;
  }
}
