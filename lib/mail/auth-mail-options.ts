import type { BetterAuthOptions } from "better-auth";
import { passwordResetMessage, verificationMessage } from "./messages";
import { sendInBackground } from "./send";

// Better Auth's own email flows (verification, password reset), sending through lib/mail.
// Spread into lib/auth.ts's options.

/**
 * A verification link works for 24 hours: long enough to find the mail the next day, and
 * it only proves an address, it signs nobody in who could not already (Better Auth signs
 * it into a JWT, so it cannot be revoked; it can be used again until then, harmlessly).
 */
export const VERIFICATION_LINK_HOURS = 24;

/**
 * A reset link works once, for 30 minutes: it is as good as the password for that time,
 * and a person asking for one is waiting for the mail.
 */
export const RESET_LINK_MINUTES = 30;

/** Where the links land: this app's pages, whatever a client asked for. */
export const VERIFY_EMAIL_PAGE = "/verify-email";
export const RESET_PASSWORD_PAGE = "/reset-password";

/**
 * The link of a mail, sent to our own page. Better Auth builds it with the client's
 * callbackURL or redirectTo (checked against this origin); the mail always leads to the
 * page that can show the outcome, and the log then holds nothing a client wrote.
 */
function landingOn(url: string, page: string): string {
  const link = new URL(url);
  link.searchParams.set("callbackURL", page);
  return link.href;
}

export const emailVerificationOptions = {
  sendVerificationEmail: async ({ user, url }) => {
    const link = landingOn(url, VERIFY_EMAIL_PAGE);
    sendInBackground({ kind: "verification", to: user.email, link, message: verificationMessage(user, link, VERIFICATION_LINK_HOURS) });
  },
  sendOnSignUp: true,
  // The link signs its account in (on the browser that opens it), so the page it lands on
  // can say "verified" for that account.
  autoSignInAfterVerification: true,
  expiresIn: VERIFICATION_LINK_HOURS * 60 * 60,
} satisfies BetterAuthOptions["emailVerification"];

/** Password reset, for lib/auth.ts's emailAndPassword (sign-in never waits for verification). */
export const passwordResetOptions = {
  sendResetPassword: async ({ user, url }) => {
    const link = landingOn(url, RESET_PASSWORD_PAGE);
    sendInBackground({ kind: "password-reset", to: user.email, link, message: passwordResetMessage(user, link, RESET_LINK_MINUTES) });
  },
  resetPasswordTokenExpiresIn: RESET_LINK_MINUTES * 60,
  // Whoever knew the old password (or held a session) is out once it changes.
  revokeSessionsOnPasswordReset: true,
} satisfies Partial<NonNullable<BetterAuthOptions["emailAndPassword"]>>;
