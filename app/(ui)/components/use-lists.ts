"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api, isAbort } from "../lib/api-client";
import { describeError, type ErrorView } from "../lib/error-view";
import type { TaskList } from "../lib/list-types";

/**
 * The caller's lists for the sidebar (GET /api/lists, every page), in the server's order:
 * Inbox, then owned, then shared. Refreshed after anything that changes a list or its task
 * count; a newer refresh aborts an older one. null until the first answer.
 */
export function useLists(onError: (error: unknown) => void) {
  const [lists, setLists] = useState<TaskList[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
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
      const all: TaskList[] = [];
      let cursor: string | undefined;
      do {
        const page = await api.lists.list({ limit: 200, ...(cursor && { cursor }) }, { signal: controller.signal });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      setLists(all);
      setLoadError(null);
    } catch (error) {
      if (isAbort(error)) return;
      onErrorRef.current(error);
      setLoadError(describeError(error, "Could not load your lists."));
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, []);

  useEffect(() => {
    void refresh();
    return () => inFlight.current?.abort();
  }, [refresh]);

  return { lists, loadError, refresh };
}

export type Lists = ReturnType<typeof useLists>;
