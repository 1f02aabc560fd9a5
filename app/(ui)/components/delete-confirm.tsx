"use client";

import { useEffect, useRef, useState } from "react";

type DeleteConfirmProps = { title: string; onConfirm(): Promise<void>; onCancel(): void };

/**
 * The second step of deleting: there is no undo, so the person confirms. Focus starts on
 * "Cancel", the harmless choice, and Escape backs out.
 */
export function DeleteConfirm({ title, onConfirm, onCancel }: DeleteConfirmProps) {
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => cancelButton.current?.focus(), []);

  async function confirm() {
    if (pending) return;
    setPending(true);
    try {
      await onConfirm();
    } finally {
      setPending(false);
    }
  }

  return (
    <div
      role="group"
      aria-label={`Delete “${title}”?`}
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <span className="confirm__question" aria-hidden="true">
        Delete?
      </span>
      <button type="button" className="button button--small button--danger" aria-disabled={pending || undefined} onClick={confirm}>
        {pending ? "Deleting…" : "Delete task"}
      </button>
      <button ref={cancelButton} type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
