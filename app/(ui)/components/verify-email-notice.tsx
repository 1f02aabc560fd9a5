import { ResendVerification } from "./resend-verification";

/** Above the board while the account's address is not verified: a reminder, never a wall. */
export function VerifyEmailNotice({ email }: { email: string }) {
  return (
    <p className="notice verify-notice" aria-label="Verify your email">
      Please verify your email address: we sent a link to {email}. <ResendVerification email={email} />
    </p>
  );
}
