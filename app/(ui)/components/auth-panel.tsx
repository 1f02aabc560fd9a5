"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../lib/api-client";
import { describeError, type FieldErrors } from "../lib/error-view";
import type { User } from "../lib/types";
import { Field } from "./field";

type Mode = "sign-in" | "sign-up";

type AuthPanelProps = {
  /** Why the form is showing, e.g. "You have signed out." */
  notice: string | null;
  /** Move focus into the form on mount: after a sign-out, not on a first visit. */
  autoFocus: boolean;
  onSignedIn(user: User): void;
  /** Whether this server takes new accounts (SIGN_UP); without, the form only signs in. */
  signUpOpen: boolean;
};

/** Sign in, or create an account: one form that switches between the two. */
export function AuthPanel({ notice, autoFocus, onSignedIn, signUpOpen }: AuthPanelProps) {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [focusVersion, setFocusVersion] = useState(autoFocus ? 1 : 0);
  const formRef = useRef<HTMLFormElement>(null);
  const signingUp = mode === "sign-up";

  // Focus the first invalid field after a failed attempt, or the first field after a switch.
  useEffect(() => {
    if (focusVersion === 0) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>("[aria-invalid='true']") ?? form?.querySelector<HTMLElement>("input"))?.focus();
  }, [focusVersion]);

  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  function switchMode() {
    setMode(signingUp ? "sign-in" : "sign-up");
    setFieldErrors({});
    setFormError(null);
    setFocusVersion((n) => n + 1);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    // The server accepts an empty name and its message for an empty email is vague:
    // say plainly what is missing before asking it.
    const missing = missingFields(values, signingUp);
    setFieldErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length > 0) return setFocusVersion((n) => n + 1);
    setPending(true);
    try {
      const { name, email, password } = values;
      const { user } = signingUp
        ? await api.auth.signUp({ name: name.trim(), email: email.trim(), password })
        : await api.auth.signIn({ email: email.trim(), password });
      onSignedIn({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified });
    } catch (error) {
      const failure = describeError(error);
      setFieldErrors(failure.fieldErrors);
      // A message shown beside its field need not be repeated at the top.
      if (Object.keys(failure.fieldErrors).length === 0) setFormError(failure.message);
      setFocusVersion((n) => n + 1);
      setPending(false);
    }
  }

  const title = signingUp ? "Create your account" : "Sign in to Tasks";
  return (
    <section className="card auth" aria-labelledby="auth-heading">
      <h1 id="auth-heading" className="auth__title">
        {title}
      </h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form ref={formRef} aria-label={title} noValidate onSubmit={handleSubmit} className="auth__form">
        {formError && (
          <p role="alert" className="form-error">
            {formError}
          </p>
        )}
        {signingUp && (
          <Field label="Name" error={fieldErrors.name}>
            {(c) => <input {...c} name="name" type="text" autoComplete="name" required value={values.name} onChange={(e) => set("name")(e.target.value)} />}
          </Field>
        )}
        <Field label="Email" error={fieldErrors.email}>
          {(c) => <input {...c} name="email" type="email" autoComplete="email" required value={values.email} onChange={(e) => set("email")(e.target.value)} />}
        </Field>
        <Field label="Password" hint={signingUp ? "At least 8 characters." : undefined} error={fieldErrors.password}>
          {(c) => (
            <input
              {...c}
              name="password"
              type="password"
              autoComplete={signingUp ? "new-password" : "current-password"}
              required
              value={values.password}
              onChange={(e) => set("password")(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button button--primary button--block" aria-disabled={pending || undefined}>
          {pending ? (signingUp ? "Creating account…" : "Signing in…") : signingUp ? "Create account" : "Sign in"}
        </button>
      </form>
      {!signingUp && (
        <p className="auth__switch">
          <a href="/forgot-password">Forgot password?</a>
        </p>
      )}
      {signUpOpen ? (
        <p className="auth__switch">
          {signingUp ? "Already have an account?" : "New here?"}{" "}
          <button type="button" className="link-button" onClick={switchMode}>
            {signingUp ? "Sign in instead" : "Create an account"}
          </button>
        </p>
      ) : (
        <p className="auth__switch">New accounts are not open on this server: ask the person who runs it.</p>
      )}
    </section>
  );
}

function missingFields(values: { name: string; email: string; password: string }, signingUp: boolean): FieldErrors {
  const missing: FieldErrors = {};
  if (signingUp && values.name.trim() === "") missing.name = "Enter your name.";
  if (values.email.trim() === "") missing.email = "Enter your email address.";
  if (values.password === "") missing.password = "Enter your password.";
  return missing;
}
