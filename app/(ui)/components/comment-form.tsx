"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { describeError, isApiFailure, isUnauthorized } from "../lib/error-view";
import { Field } from "./field";
import { FormActions } from "./form-actions";

type CommentFormProps = {
  label: string;
  initial?: string;
  submitLabel: string;
  pendingLabel: string;
  /** Saves it; throws the SDK's error, whose message is shown beside the box. */
  onSubmit(body: string): Promise<void>;
  onCancel?: () => void;
  resetAfterSave?: boolean;
  autoFocus?: boolean;
};

/**
 * One comment's text, for adding and editing. As in the task form, the rules are the
 * server's: what was typed is sent, and its message shown. Ctrl+Enter (or ⌘+Enter) saves;
 * Enter alone is a new line.
 */
export function CommentForm({ label, initial = "", submitLabel, pendingLabel, onSubmit, onCancel, resetAfterSave, autoFocus }: CommentFormProps) {
  const [body, setBody] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (pending) return;
    setPending(true);
    setError(undefined);
    try {
      await onSubmit(body);
      if (resetAfterSave) setBody("");
    } catch (e) {
      if (!isApiFailure(e)) throw e;
      if (isUnauthorized(e)) return;
      const failure = describeError(e);
      setError(failure.fieldErrors.body ?? failure.message);
      box.current?.focus();
    } finally {
      setPending(false);
    }
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void save(event);
    if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className="comment-form" aria-label={label} noValidate onSubmit={save}>
      <Field label={label} error={error}>
        {(control) => <textarea {...control} ref={box} name="body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} onKeyDown={handleKeyDown} />}
      </Field>
      <FormActions pending={pending} submitLabel={submitLabel} pendingLabel={pendingLabel} onCancel={onCancel} />
    </form>
  );
}
