"use client";

import { useEffect, useRef, useState } from "react";
import { ConfirmStep } from "./confirm-step";

type ClearCompletedProps = {
  /** From the summary; null while it loads. With none, there is nothing to clear. */
  completed: number | null;
  /** Clears them; resolves false when it failed (the board shows why). */
  onClear(): Promise<boolean>;
};

/** "Clear completed", with a confirm step: every completed task goes, with no undo. */
export function ClearCompleted({ completed, onClear }: ClearCompletedProps) {
  const [confirming, setConfirming] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Back to the button when the question closes without clearing; after a clear the
  // board moves focus itself (the button is then disabled).
  const [returnFocus, setReturnFocus] = useState(false);

  useEffect(() => {
    if (!confirming && returnFocus) {
      button.current?.focus();
      setReturnFocus(false);
    }
  }, [confirming, returnFocus]);

  if (confirming && completed) {
    const tasks = completed === 1 ? "1 completed task" : `${completed} completed tasks`;
    return (
      <ConfirmStep
        label={`Delete ${tasks}?`}
        question={`Delete ${tasks}?`}
        confirmLabel="Clear completed"
        pendingLabel="Clearing…"
        onConfirm={async () => {
          const cleared = await onClear();
          setReturnFocus(!cleared);
          setConfirming(false);
        }}
        onCancel={() => {
          setReturnFocus(true);
          setConfirming(false);
        }}
      />
    );
  }

  return (
    <button ref={button} type="button" className="button button--small button--danger-quiet" disabled={!completed} onClick={() => setConfirming(true)}>
      Clear completed
    </button>
  );
}
