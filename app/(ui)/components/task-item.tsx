"use client";

import { useEffect, useRef, useState } from "react";
import { draftFromTask } from "../lib/task-input";
import type { TaskList } from "../lib/list-types";
import type { Task, TaskInput } from "../lib/types";
import { DeleteConfirm } from "./delete-confirm";
import { TaskDetails } from "./task-details";
import { TaskForm } from "./task-form";

export const checkboxId = (task: Pick<Task, "id">) => `task-${task.id}-done`;

/** What the person may do to one task, from their role in its list. */
export type TaskRights = {
  /** Editor or above in the task's list: complete, edit, move and delete. */
  canEdit: boolean;
  /** The list's name, when the view shows several lists. */
  listName?: string;
  /** The lists it can move to (editor or above in them), its own included; fewer than two: no move. */
  moveTargets: Pick<TaskList, "id" | "name">[];
};

type TaskItemProps = {
  task: Task;
  rights: TaskRights;
  /** Tag names the edit form suggests. */
  tagNames: string[];
  busy: boolean;
  onToggle(task: Task, completed: boolean): void;
  /** Saves an edit; throws the SDK's error so the form can show field messages. */
  onSave(task: Task, input: TaskInput): Promise<void>;
  onDelete(task: Task): Promise<void>;
  onMove(task: Task, listId: string): void;
};

type Mode = "view" | "edit" | "confirm-delete";

/** One task: a completion checkbox, its details, and inline edit and delete. */
export function TaskItem({ task, rights, tagNames, busy, onToggle, onSave, onDelete, onMove }: TaskItemProps) {
  const [mode, setMode] = useState<Mode>("view");
  const editButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // Which button gets focus back when the edit form or the delete question closes, so
  // keyboard users are not dropped at the top of the page. A name, not an element: the
  // button is re-created by the render that closes them.
  const returnFocusTo = useRef<"edit" | "delete" | null>(null);

  useEffect(() => {
    if (mode !== "view" || !returnFocusTo.current) return;
    (returnFocusTo.current === "edit" ? editButton : deleteButton).current?.focus();
    returnFocusTo.current = null;
  }, [mode]);

  function close(focusTarget: "edit" | "delete") {
    returnFocusTo.current = focusTarget;
    setMode("view");
  }

  if (mode === "edit") {
    return (
      <li className="task task--editing">
        <TaskForm
          label={`Edit “${task.title}”`}
          initial={draftFromTask(task)}
          submitLabel="Save"
          pendingLabel="Saving…"
          autoFocus
          tagSuggestions={tagNames}
          onSubmit={async (input) => {
            await onSave(task, input);
            close("edit");
          }}
          onCancel={() => close("edit")}
        />
      </li>
    );
  }

  if (!rights.canEdit) {
    // A viewer: the task, and no control that could only be refused.
    return (
      <li className={task.completed ? "task task--done task--readonly" : "task task--readonly"}>
        <TaskDetails task={task} listName={rights.listName} />
      </li>
    );
  }

  return (
    <li className={task.completed ? "task task--done" : "task"} aria-busy={busy || undefined}>
      <input
        id={checkboxId(task)}
        className="task__checkbox"
        type="checkbox"
        checked={task.completed}
        // Not `disabled` while saving: a disabled control drops keyboard focus.
        onChange={(e) => !busy && onToggle(task, e.target.checked)}
      />
      <TaskDetails task={task} labelFor={checkboxId(task)} listName={rights.listName} />
      <div className="task__actions">
        {mode === "confirm-delete" ? (
          <DeleteConfirm title={task.title} onConfirm={() => onDelete(task)} onCancel={() => close("delete")} />
        ) : (
          <>
            {rights.moveTargets.length > 1 && (
              <label className="task__move">
                <span className="visually-hidden">Move “{task.title}” to list</span>
                <select value={task.listId} aria-disabled={busy || undefined} onChange={(e) => !busy && onMove(task, e.target.value)}>
                  {rights.moveTargets.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button ref={editButton} type="button" className="button button--small" onClick={() => setMode("edit")}>
              Edit<span className="visually-hidden"> “{task.title}”</span>
            </button>
            <button ref={deleteButton} type="button" className="button button--small button--danger-quiet" onClick={() => setMode("confirm-delete")}>
              Delete<span className="visually-hidden"> “{task.title}”</span>
            </button>
          </>
        )}
      </div>
    </li>
  );
}
