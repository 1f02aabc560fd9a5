"use client";

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { describeError, isApiFailure, isUnauthorized, type FieldErrors } from "../lib/error-view";
import type { ListBody } from "../lib/list-types";
import { Field } from "./field";
import { FormActions } from "./form-actions";

// A few colours to choose from rather than a colour picker: they read as different at a
// glance in both schemes, and "None" is a choice (a picker always has a value).
export const LIST_COLOURS = [
  ["#dc2626", "Red"],
  ["#ea580c", "Orange"],
  ["#ca8a04", "Yellow"],
  ["#16a34a", "Green"],
  ["#2563eb", "Blue"],
  ["#7c3aed", "Purple"],
  ["#6b7280", "Grey"],
] as const;

type ListFormProps = {
  /** The form's accessible name ("New list", "Rename “Groceries”"). */
  label: string;
  initial?: { name: string; color: string | null };
  submitLabel: string;
  pendingLabel: string;
  /** Saves; throws the SDK's error, whose field messages are shown beside the fields. */
  onSubmit(body: ListBody): Promise<void>;
  onCancel?: () => void;
  resetAfterSave?: boolean;
  autoFocus?: boolean;
};

/** A list's name and colour, for creating and for renaming. Validation is the server's. */
export function ListForm({ label, initial, submitLabel, pendingLabel, onSubmit, onCancel, resetAfterSave, autoFocus }: ListFormProps) {
  const [name, setName] = useState(initial?.name ?? "");
  const [color, setColor] = useState(initial?.color ?? "");
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) nameRef.current?.focus();
  }, [autoFocus]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    try {
      await onSubmit({ name, color: color === "" ? null : color });
      if (resetAfterSave) {
        setName("");
        setColor("");
      }
    } catch (error) {
      if (!isApiFailure(error)) throw error;
      if (isUnauthorized(error)) return;
      const failure = describeError(error);
      setFieldErrors(failure.fieldErrors);
      setFormError(failure.message);
      nameRef.current?.focus();
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

  const custom = color !== "" && !LIST_COLOURS.some(([value]) => value === color);
  return (
    <form className="list-form" aria-label={label} noValidate onSubmit={handleSubmit} onKeyDown={handleKeyDown}>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <Field label="List name" error={fieldErrors.name}>
        {(control) => <input {...control} ref={nameRef} name="name" type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Colour" error={fieldErrors.color}>
        {(control) => (
          <select {...control} name="color" value={color} onChange={(e) => setColor(e.target.value)}>
            <option value="">None</option>
            {LIST_COLOURS.map(([value, colourName]) => (
              <option key={value} value={value}>
                {colourName}
              </option>
            ))}
            {custom && <option value={color}>Custom ({color})</option>}
          </select>
        )}
      </Field>
      <FormActions pending={pending} submitLabel={submitLabel} pendingLabel={pendingLabel} onCancel={onCancel} />
    </form>
  );
}
