"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { describeError, isApiFailure, isUnauthorized, type FieldErrors } from "../lib/error-view";
import { EMPTY_DRAFT, inputFromDraft, type TaskDraft } from "../lib/task-input";
import type { TaskInput } from "../lib/types";
import { Field } from "./field";
import { TagInput } from "./tag-input";

const FIELDS = ["title", "description", "priority", "dueDate", "tags"] as const;
type FieldName = (typeof FIELDS)[number];

type TaskFormProps = {
  /** The form's accessible name ("New task", "Edit “Buy milk”"). */
  label: string;
  initial?: TaskDraft;
  submitLabel: string;
  pendingLabel: string;
  /** Saves the task; throws the SDK's error, whose field messages are shown beside the fields. */
  onSubmit(input: TaskInput): Promise<void>;
  onCancel?: () => void;
  /** The new-task form empties itself after a save; the edit form closes instead. */
  resetAfterSave?: boolean;
  autoFocus?: boolean;
  /** The tag names of the list the task is (or goes) in, offered as the person types. */
  tagSuggestions?: string[];
};

/**
 * Title, description, priority and due date, for both adding and editing. Validation
 * is the server's: the form sends what was typed (noValidate) and shows the field
 * messages from the 422 problem response.
 */
export function TaskForm(props: TaskFormProps) {
  const { label, initial = EMPTY_DRAFT, submitLabel, pendingLabel, onSubmit, onCancel, resetAfterSave, autoFocus, tagSuggestions = [] } = props;
  const [draft, setDraft] = useState(initial);
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  // Bumped after every failed save, so focus moves to the first invalid field once.
  const [failures, setFailures] = useState(0);

  useEffect(() => {
    if (autoFocus) titleRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    if (failures === 0) return;
    const firstInvalid = formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    firstInvalid?.focus();
  }, [failures]);

  const set = (name: Exclude<FieldName, "tags">) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return; // a second Enter while saving must not create a duplicate
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    try {
      await onSubmit(inputFromDraft(draft));
      if (resetAfterSave) {
        setDraft(EMPTY_DRAFT);
        titleRef.current?.focus();
      }
    } catch (error) {
      if (!isApiFailure(error)) throw error;
      if (isUnauthorized(error)) return; // the page is switching to the sign-in form
      const failure = describeError(error);
      const { known, other } = splitErrors(failure.fieldErrors, draft.tags);
      setFieldErrors(known);
      setFormError([failure.message, ...other].join(" "));
      setFailures((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  function handleKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Escape" && onCancel) {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form ref={formRef} className="task-form" aria-label={label} noValidate onSubmit={handleSubmit} onKeyDown={handleKeyDown}>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <Field label="Title" error={fieldErrors.title}>
        {(control) => (
          <input {...control} ref={titleRef} name="title" type="text" required autoComplete="off" value={draft.title} onChange={(e) => set("title")(e.target.value)} />
        )}
      </Field>
      <Field label="Description" note="(optional)" error={fieldErrors.description}>
        {(control) => (
          <textarea {...control} name="description" rows={2} value={draft.description} onChange={(e) => set("description")(e.target.value)} />
        )}
      </Field>
      <Field label="Tags" note="(optional)" error={fieldErrors.tags}>
        {(control) => <TagInput control={control} value={draft.tags} suggestions={tagSuggestions} onChange={(tags) => setDraft((d) => ({ ...d, tags }))} />}
      </Field>
      <div className="form-row">
        <Field label="Priority" error={fieldErrors.priority}>
          {(control) => (
            <select {...control} name="priority" value={draft.priority} onChange={(e) => set("priority")(e.target.value)}>
              <option value="">None</option>
              <option value="low">Low</option>
              <option value="medium">Medium</option>
              <option value="high">High</option>
            </select>
          )}
        </Field>
        <Field label="Due date" error={fieldErrors.dueDate}>
          {(control) => (
            <input {...control} name="dueDate" type="date" value={draft.dueDate} onChange={(e) => set("dueDate")(e.target.value)} />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
            {pending ? pendingLabel : submitLabel}
          </button>
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </div>
    </form>
  );
}

/**
 * Messages for this form's fields, and the rest (unknown paths) for the form-level alert. A
 * tag's message ("tags.2") goes beside the tags, naming the tag.
 */
function splitErrors(errors: FieldErrors, tags: string[]): { known: FieldErrors; other: string[] } {
  const known: FieldErrors = {};
  const other: string[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const tag = /^tags\.(\d+)$/.exec(path);
    const field = tag ? "tags" : path;
    const text = tag ? `“${tags[Number(tag[1])] ?? ""}”: ${message}` : message;
    if ((FIELDS as readonly string[]).includes(field)) known[field] = known[field] ? `${known[field]} ${text}` : text;
    else other.push(path ? `${path}: ${message}` : message);
  }
  return { known, other };
}
