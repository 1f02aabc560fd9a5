import { createHash } from "node:crypto";
import type { Rule } from "./counters";

// The limits on /api/auth (Better Auth), by path as Better Auth sees it (after /api/auth).
// Per client IP, when the deployment names a header that carries it (TRUSTED_IP_HEADER);
// and per account, whatever the IP (ACCOUNT_LIMITS): sign-in per email, the password
// checks of a signed-in account per user, sign-up per email, and the mails a request sends
// (password reset, verification) per target email.

/** Guessing passwords or making accounts: a person needs a few tries a minute, a script many. */
const CREDENTIALS: Rule = { window: 60, max: 5 };

/** Everything else (session reads, tokens, keys, sign-out): Better Auth's own default. */
export const DEFAULT_AUTH_RULE: Rule = { window: 10, max: 100 };

/** Sign-in attempts for one email that did not succeed, from any number of IPs. */
export const ACCOUNT_SIGN_IN_RULE: Rule = { window: 15 * 60, max: 5 };

/** Wrong passwords given by a signed-in account (a stolen session guessing), as for sign-in. */
export const PASSWORD_CHECK_RULE: Rule = { window: 15 * 60, max: 5 };

/** Sign-ups for one email, successful or not: a person needs one or two. */
export const SIGN_UP_EMAIL_RULE: Rule = { window: 60 * 60, max: 5 };

/**
 * Mails asked for one address (password resets, verification links), whoever asks: enough
 * for a person whose mail is slow, too few to bury an inbox. Each kind has its own.
 */
export const MAIL_REQUEST_EMAIL_RULE: Rule = { window: 60 * 60, max: 5 };

// Path prefixes, matched whole segment by segment: /sign-in covers /sign-in/email and
// /sign-in/social, not /sign-inx.
const CREDENTIAL_PATHS = [
  "/sign-in",
  "/sign-up",
  "/change-password",
  "/set-password",
  "/reset-password",
  "/request-password-reset",
  "/forget-password",
  // It sends a mail to the address given: a way to mail-bomb someone.
  "/send-verification-email",
  "/verify-password",
  "/change-email",
  "/delete-user",
];

/** Whether a Better Auth path ("/sign-in/email") takes or changes credentials. */
export function isCredentialPath(path: string): boolean {
  const p = path.toLowerCase();
  return CREDENTIAL_PATHS.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}

/** The per-IP rule for a Better Auth path ("/sign-in/email"). */
export function authRuleFor(path: string): Rule {
  return isCredentialPath(path) ? CREDENTIALS : DEFAULT_AUTH_RULE;
}

/** The path under /api/auth of a request, as Better Auth normalises it (no trailing slash). */
export function authPath(url: string, basePath = "/api/auth"): string {
  const pathname = new URL(url).pathname.replace(/\/+$/, "") || "/";
  if (pathname === basePath) return "/";
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}

/**
 * The per-account key for a sign-in body's email, or null when there is none to count
 * (Better Auth refuses such a body before looking at any password). Emails are compared
 * as Better Auth stores them (lower case) and kept only as a hash: the table then holds
 * no address, not even the mistyped ones.
 */
export function accountKey(email: unknown): string | null {
  return emailKey("sign-in", email);
}

function emailKey(scope: string, email: unknown): string | null {
  if (typeof email !== "string" || email.trim() === "") return null;
  return `${scope}:${createHash("sha256").update(email.trim().toLowerCase()).digest("base64url")}`;
}

/** A limit per account: the Better Auth paths it counts, on whose counter, and its refusal. */
export type AccountLimit = {
  paths: readonly string[];
  /** The body's email (before any account is known), or the signed-in session's user. */
  by: "email" | "user";
  rule: Rule;
  /** The counter for that email or user id, or null when there is none to count. */
  key(value: unknown): string | null;
  refusal: { code: string; message: string };
  /** Whether an attempt that succeeds gives its count back (only failures count). */
  refundsSuccess: boolean;
};

export const ACCOUNT_LIMITS: readonly AccountLimit[] = [
  {
    paths: ["/sign-in/email"],
    by: "email",
    rule: ACCOUNT_SIGN_IN_RULE,
    key: accountKey,
    refusal: { code: "TOO_MANY_SIGN_IN_ATTEMPTS", message: "Too many sign-in attempts for this account. Try again later." },
    refundsSuccess: true,
  },
  // One allowance for the three routes that check the password of the session's account:
  // separate ones would give a guesser three times the tries.
  {
    paths: ["/change-password", "/delete-user", "/verify-password"],
    by: "user",
    rule: PASSWORD_CHECK_RULE,
    key: (userId) => (typeof userId === "string" && userId !== "" ? `password-check:${userId}` : null),
    refusal: { code: "TOO_MANY_PASSWORD_ATTEMPTS", message: "Too many password attempts for this account. Try again later." },
    refundsSuccess: true,
  },
  // Every attempt counts, whether the email has an account or not, so the limit itself
  // says nothing about the account.
  {
    paths: ["/sign-up/email"],
    by: "email",
    rule: SIGN_UP_EMAIL_RULE,
    key: (email) => emailKey("sign-up", email),
    refusal: { code: "TOO_MANY_SIGN_UP_ATTEMPTS", message: "Too many sign-up attempts for this email. Try again later." },
    refundsSuccess: false,
  },
  // Each request may send a mail to the address in the body; counted whether it has an
  // account or not (and whether a mail went), so the limit says nothing about the account.
  {
    paths: ["/request-password-reset"],
    by: "email",
    rule: MAIL_REQUEST_EMAIL_RULE,
    key: (email) => emailKey("password-reset", email),
    refusal: { code: "TOO_MANY_PASSWORD_RESET_REQUESTS", message: "Too many password reset requests for this email. Try again later." },
    refundsSuccess: false,
  },
  {
    paths: ["/send-verification-email"],
    by: "email",
    rule: MAIL_REQUEST_EMAIL_RULE,
    key: (email) => emailKey("verification-email", email),
    refusal: { code: "TOO_MANY_VERIFICATION_EMAILS", message: "Too many verification emails for this address. Try again later." },
    refundsSuccess: false,
  },
];
