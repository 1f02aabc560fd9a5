"use client";

import { useEffect, useRef, useState } from "react";

type ConfirmStepProps = {
  /** The group's accessible name: the whole question, e.g. "Delete “Buy milk”?". */
  label: string;
  /** The short visible question beside the buttons, e.g. "Delete?". */
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  onConfirm(): Promise<void>;
  onCancel(): void;
};

/**
 * The second step of something that cannot be undone: the person confirms. Focus starts
 * on "Cancel", the harmless choice, and Escape backs out.
 */
export function ConfirmStep({ label, question, confirmLabel, pendingLabel, onConfirm, onCancel }: ConfirmStepProps) {
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
      aria-label={label}
      className="confirm"
      onKeyDown={(e) => {
        if (e.key === "Escape") onCancel();
      }}
    >
      <span className="confirm__question" aria-hidden="true">
        {question}
      </span>
      <button type="button" className="button button--small button--danger" aria-disabled={pending || undefined} onClick={confirm}>
        {pending ? pendingLabel : confirmLabel}
      </button>
      <button ref={cancelButton} type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
