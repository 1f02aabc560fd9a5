"use client";

import { useEffect, useRef, useState } from "react";
import { draftFromTask } from "../lib/task-input";
import type { Task, TaskInput } from "../lib/types";
import { DeleteConfirm } from "./delete-confirm";
import { TaskDetails } from "./task-details";
import { TaskForm } from "./task-form";

export const checkboxId = (task: Pick<Task, "id">) => `task-${task.id}-done`;

type TaskItemProps = {
  task: Task;
  busy: boolean;
  onToggle(task: Task, completed: boolean): void;
  /** Saves an edit; throws the SDK's error so the form can show field messages. */
  onSave(task: Task, input: TaskInput): Promise<void>;
  onDelete(task: Task): Promise<void>;
};

type Mode = "view" | "edit" | "confirm-delete";

/** One task: a completion checkbox, its details, and inline edit and delete. */
export function TaskItem({ task, busy, onToggle, onSave, onDelete }: TaskItemProps) {
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
          onSubmit={async (input) => {
            await onSave(task, input);
            close("edit");
          }}
          onCancel={() => close("edit")}
        />
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
      <TaskDetails task={task} labelFor={checkboxId(task)} />
      <div className="task__actions">
        {mode === "confirm-delete" ? (
          <DeleteConfirm title={task.title} onConfirm={() => onDelete(task)} onCancel={() => close("delete")} />
        ) : (
          <>
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
