"use client";

import { useState } from "react";
import { api } from "../lib/api-client";
import { describeError } from "../lib/error-view";

/** A button that mails the verification link to `email` again, and says how that went. */
export function ResendVerification({ email, label = "Send the link again" }: { email: string; label?: string }) {
  const [state, setState] = useState<{ pending: boolean; message: string | null; failed: boolean }>({ pending: false, message: null, failed: false });

  async function resend() {
    if (state.pending) return;
    setState({ pending: true, message: null, failed: false });
    try {
      await api.auth.sendVerificationEmail({ email });
      setState({ pending: false, message: "Sent: check your inbox (and your spam folder).", failed: false });
    } catch (error) {
      setState({ pending: false, message: describeError(error, "Could not send it. Try again.").message, failed: true });
    }
  }

  return (
    <>
      <button type="button" className="link-button" aria-disabled={state.pending || undefined} onClick={resend}>
        {state.pending ? "Sending…" : label}
      </button>
      {state.message && (
        <span role={state.failed ? "alert" : "status"} className={state.failed ? "form-error" : undefined}>
          {" "}
          {state.message}
        </span>
      )}
    </>
  );
}
