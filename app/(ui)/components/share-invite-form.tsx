"use client";

import { useState, type FormEvent } from "react";
import { describeError, isApiFailure, isUnauthorized, type FieldErrors } from "../lib/error-view";
import { ROLE_NAME } from "../lib/roles";
import type { InvitableRole } from "../lib/list-types";
import { Field } from "./field";

export const INVITABLE: InvitableRole[] = ["viewer", "editor", "admin"];

/** Invite someone by email with a role. The answer is the same whether or not they have an account. */
export function ShareInviteForm({ onInvite }: { onInvite(email: string, role: InvitableRole): Promise<void> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<InvitableRole>("editor");
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    try {
      await onInvite(email, role);
      setEmail("");
    } catch (error) {
      if (!isApiFailure(error) || isUnauthorized(error)) return;
      const failure = describeError(error);
      setFieldErrors(failure.fieldErrors);
      setFormError(failure.message);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="share__invite" aria-label="Invite someone" noValidate onSubmit={handleSubmit}>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <div className="form-row">
        <Field label="Email" error={fieldErrors.email}>
          {(control) => <input {...control} name="email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Role" error={fieldErrors.role}>
          {(control) => (
            <select {...control} name="role" value={role} onChange={(e) => setRole(e.target.value as InvitableRole)}>
              {INVITABLE.map((r) => (
                <option key={r} value={r}>
                  {ROLE_NAME[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
            {pending ? "Inviting…" : "Invite"}
          </button>
        </div>
      </div>
    </form>
  );
}
