"use client";

import { useState, type FormEvent } from "react";
import { api } from "../lib/api-client";
import { describeError } from "../lib/error-view";
import { Field } from "./field";

// The answer is the same whether or not the address has an account (the server's is too),
// so this page cannot be used to find out who has one.
const SENT = "If an account uses that address, we have sent it a link to reset the password. It works once, for 30 minutes.";

/** Asks for a password reset link by mail. */
export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (email.trim() === "") return setError("Enter your email address.");
    setPending(true);
    setError(null);
    try {
      await api.auth.requestPasswordReset({ email: email.trim(), redirectTo: "/reset-password" });
      setSent(true);
    } catch (failure) {
      setError(describeError(failure).message);
    } finally {
      setPending(false);
    }
  }

  if (sent) {
    return (
      <p role="status" className="notice">
        {SENT}
      </p>
    );
  }
  return (
    <form aria-label="Reset your password" noValidate onSubmit={handleSubmit} className="auth__form">
      <p>Enter the address you signed up with, and we will mail you a link to choose a new password.</p>
      <Field label="Email" error={error ?? undefined}>
        {(c) => <input {...c} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <button type="submit" className="button button--primary button--block" aria-disabled={pending || undefined}>
        {pending ? "Sending…" : "Send the link"}
      </button>
    </form>
  );
}
