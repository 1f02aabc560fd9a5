"use client";

import { ConfirmStep } from "./confirm-step";

type DeleteConfirmProps = { title: string; onConfirm(): Promise<void>; onCancel(): void };

/** The second step of deleting one task: there is no undo. */
export function DeleteConfirm({ title, onConfirm, onCancel }: DeleteConfirmProps) {
  return (
    <ConfirmStep
      label={`Delete “${title}”?`}
      question="Delete?"
      confirmLabel="Delete task"
      pendingLabel="Deleting…"
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
