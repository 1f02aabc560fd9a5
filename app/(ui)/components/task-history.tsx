"use client";

import { useCallback, useEffect, useState } from "react";
import { api } from "../lib/api-client";
import { describeEntry, type ListNamer } from "../lib/history-text";
import type { HistoryEntry } from "../lib/types";
import { RelativeTime } from "./relative-time";
import { Loaded, TaskSection } from "./task-section";
import { useFailure } from "./use-failure";
import { useNow } from "./use-now";

const PAGE = 50;

type TaskHistoryProps = {
  taskId: string;
  /** Bumped after every change made on this page: the timeline is read again. */
  version: number;
  listName: ListNamer;
  checkSession(error: unknown): void;
};

/** What happened to the task, newest first, as sentences: "Bob completed this, 2 minutes ago". */
export function TaskHistory({ taskId, version, listName, checkSession }: TaskHistoryProps) {
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const { error, setError, report } = useFailure(checkSession);
  const now = useNow();
  const fail = useCallback((e: unknown) => report(e, "Could not load the history"), [report]);

  useEffect(() => {
    const controller = new AbortController();
    api.history.ofTask(taskId, { limit: PAGE }, { signal: controller.signal }).then((page) => {
      setError(null);
      setItems(page.items);
      setNextCursor(page.nextCursor);
    }, fail);
    return () => controller.abort();
  }, [taskId, version, fail, setError]);

  async function loadOlder() {
    if (!nextCursor) return;
    try {
      const page = await api.history.ofTask(taskId, { limit: PAGE, cursor: nextCursor });
      setItems((current) => [...(current ?? []), ...page.items.filter((e) => !current?.some((o) => o.id === e.id))]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      fail(e);
    }
  }

  return (
    <TaskSection id="history-heading" title="History" error={error}>
      <Loaded items={items} failed={error !== null} loading="Loading history…" empty="Nothing recorded.">
        {(shown) => (
          <ol className="timeline" aria-label="History">
            {shown.map((entry) => (
              <li key={entry.id} className="timeline__entry">
                {describeEntry(entry, listName)}, <RelativeTime iso={entry.at} now={now} />
              </li>
            ))}
          </ol>
        )}
      </Loaded>
      {nextCursor && (
        <button type="button" className="button button--small" onClick={() => void loadOlder()}>
          Show older changes
        </button>
      )}
    </TaskSection>
  );
}
