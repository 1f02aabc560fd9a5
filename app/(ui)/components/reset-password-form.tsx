"use client";

import { useState, type FormEvent } from "react";
import { api } from "../lib/api-client";
import { describeError, type FieldErrors } from "../lib/error-view";
import { Field } from "./field";

const LINK_EXPIRED = "This link has expired or has been used already.";

/** A new password, twice, for the token of a reset link. */
export function ResetPasswordForm({ token }: { token: string | null }) {
  const [values, setValues] = useState({ password: "", confirm: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [linkFailed, setLinkFailed] = useState(token === null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || token === null) return;
    const missing: FieldErrors = {};
    if (values.password.length < 8) missing.password = "Use at least 8 characters.";
    else if (values.password !== values.confirm) missing.confirm = "The two passwords are not the same.";
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) return;
    setPending(true);
    try {
      await api.auth.resetPassword({ token, newPassword: values.password });
      setDone(true);
    } catch (failure) {
      const view = describeError(failure);
      const code = (failure as { authError?: { code?: string } }).authError?.code;
      if (code === "INVALID_TOKEN") setLinkFailed(true);
      else if (view.fieldErrors.password) setErrors({ password: view.fieldErrors.password });
      else setFormError(view.message);
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="notice">
        Your password is changed, and every session of your account has been signed out. <a href="/">Sign in</a> with the
        new password.
      </p>
    );
  }
  if (linkFailed) {
    return (
      <p role="alert" className="form-error">
        {LINK_EXPIRED} <a href="/forgot-password">Ask for a new link</a>.
      </p>
    );
  }
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <form aria-label="Choose a new password" noValidate onSubmit={handleSubmit} className="auth__form">
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <Field label="New password" hint="At least 8 characters." error={errors.password}>
        {(c) => (
          <input {...c} name="password" type="password" autoComplete="new-password" required value={values.password} onChange={(e) => set("password")(e.target.value)} />
        )}
      </Field>
      <Field label="New password again" error={errors.confirm}>
        {(c) => (
          <input {...c} name="confirm" type="password" autoComplete="new-password" required value={values.confirm} onChange={(e) => set("confirm")(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="button button--primary button--block" aria-disabled={pending || undefined}>
        {pending ? "Saving…" : "Set the new password"}
      </button>
    </form>
  );
}
