"use client";

import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api-client";

/**
 * The tag names of some lists, by name, each once (ignoring case): what the task form
 * suggests and the tag filter offers. Suggestions are a help, not the page: a list that
 * fails to answer offers none (a 401 is seen by the list's own loads).
 */
export function useTagNames(listIds: readonly string[]): { names: string[]; refresh(): void } {
  const key = listIds.join(",");
  const [names, setNames] = useState<string[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const ids = key === "" ? [] : key.split(",");
    const controller = new AbortController();
    void Promise.all(ids.map((id) => api.tags.list(id, { signal: controller.signal }).catch(() => null))).then((answers) => {
      if (controller.signal.aborted) return;
      const byFolded = new Map<string, string>();
      for (const tag of answers.flatMap((a) => a?.items ?? [])) {
        const folded = tag.name.toLocaleLowerCase();
        if (!byFolded.has(folded)) byFolded.set(folded, tag.name);
      }
      setNames([...byFolded.values()].sort((a, b) => a.localeCompare(b)));
    });
    return () => controller.abort();
  }, [key, version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { names, refresh };
}
