"use client";

import { useCallback, useMemo } from "react";
import { canEditTasks } from "../lib/roles";
import type { TaskList } from "../lib/list-types";
import type { Task } from "../lib/types";
import type { TaskRights } from "./task-item";

/**
 * What the person may do where they are: in one list (`listId`) or in all of them (null).
 * Until the lists have loaded, nothing is offered that a role could forbid.
 */
export function useListScope(lists: TaskList[] | null, listId: string | null) {
  const byId = useMemo(() => new Map((lists ?? []).map((l) => [l.id, l])), [lists]);
  const selected = listId ? byId.get(listId) : undefined;
  const moveTargets = useMemo(() => (lists ?? []).filter(canEditTasks), [lists]);

  const rightsOf = useCallback(
    (task: Task): TaskRights => {
      const home = byId.get(task.listId);
      const canEdit = home !== undefined && canEditTasks(home);
      return {
        canEdit,
        ...(listId === null && { listName: home?.name ?? "" }),
        moveTargets: canEdit ? moveTargets : [],
      };
    },
    [byId, listId, moveTargets],
  );

  return {
    /** The list on screen, once known; undefined under "All lists" or for a list not (or no longer) the person's. */
    selected,
    /** Adding a task: under "All lists" it goes to the Inbox, which is always the person's own. */
    canCreate: listId === null ? lists !== null : selected !== undefined && canEditTasks(selected),
    /** Clearing completed tasks: under "All lists" the server clears only the lists they may edit. */
    canClear: listId === null || (selected !== undefined && canEditTasks(selected)),
    rightsOf,
    listName: (id: string) => byId.get(id)?.name ?? "another list",
  };
}
