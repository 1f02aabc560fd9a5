"use client";

import { useState } from "react";
import { canDelete, canLeave, canRename, canShare, ROLE_NAME } from "../lib/roles";
import type { ListBody, TaskList } from "../lib/list-types";
import { ConfirmStep } from "./confirm-step";
import { ListForm } from "./list-form";

type ListActionsProps = {
  list: TaskList;
  onRename(body: ListBody): Promise<void>;
  onShare(): void;
  onDelete(): Promise<void>;
  onLeave(): Promise<void>;
};

type Mode = "view" | "rename" | "confirm-delete" | "confirm-leave";

/**
 * About the list on screen: who owns it, the person's role, and what that role lets them
 * do to the list itself. A button their role does not allow is not there at all.
 */
export function ListActions({ list, onRename, onShare, onDelete, onLeave }: ListActionsProps) {
  const [mode, setMode] = useState<Mode>("view");
  const members = list.memberCount === 1 ? "1 member" : `${list.memberCount} members`;

  if (mode === "rename") {
    return (
      <ListForm
        label={`Rename “${list.name}”`}
        initial={{ name: list.name, color: list.color }}
        submitLabel="Save list"
        pendingLabel="Saving…"
        autoFocus
        onSubmit={async (body) => {
          await onRename(body);
          setMode("view");
        }}
        onCancel={() => setMode("view")}
      />
    );
  }

  return (
    <div className="list-actions">
      <p className="list-actions__about">
        {list.role === "owner" ? "Your list" : `Owned by ${list.owner.name}`} · {members} · Your role: {ROLE_NAME[list.role]}
      </p>
      {mode === "confirm-delete" && (
        <ConfirmStep
          label={`Delete the list “${list.name}” and its ${list.taskCount === 1 ? "task" : `${list.taskCount} tasks`}?`}
          question={`Delete the list and its ${list.taskCount === 1 ? "task" : "tasks"}?`}
          confirmLabel="Delete list"
          pendingLabel="Deleting…"
          onConfirm={onDelete}
          onCancel={() => setMode("view")}
        />
      )}
      {mode === "confirm-leave" && (
        <ConfirmStep
          label={`Leave “${list.name}”?`}
          question="Leave this list?"
          confirmLabel="Leave list"
          pendingLabel="Leaving…"
          onConfirm={onLeave}
          onCancel={() => setMode("view")}
        />
      )}
      {mode === "view" && (
        <div className="list-actions__buttons">
          {canRename(list) && (
            <button type="button" className="button button--small" onClick={() => setMode("rename")}>
              Rename list
            </button>
          )}
          {canShare(list) && (
            <button type="button" className="button button--small" onClick={onShare}>
              Share
            </button>
          )}
          {canLeave(list) && (
            <button type="button" className="button button--small button--danger-quiet" onClick={() => setMode("confirm-leave")}>
              Leave list
            </button>
          )}
          {canDelete(list) && (
            <button type="button" className="button button--small button--danger-quiet" onClick={() => setMode("confirm-delete")}>
              Delete list
            </button>
          )}
        </div>
      )}
    </div>
  );
}
