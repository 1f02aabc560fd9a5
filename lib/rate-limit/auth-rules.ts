import { createHash } from "node:crypto";
import type { Rule } from "./counters";

// The limits on /api/auth (Better Auth), by path as Better Auth sees it (after /api/auth).
// Per client IP, when the deployment names a header that carries it (TRUSTED_IP_HEADER);
// sign-in is also limited per account, whatever the IP (ACCOUNT_SIGN_IN_RULE).

/** Guessing passwords or making accounts: a person needs a few tries a minute, a script many. */
const CREDENTIALS: Rule = { window: 60, max: 5 };

/** Everything else (session reads, tokens, keys, sign-out): Better Auth's own default. */
export const DEFAULT_AUTH_RULE: Rule = { window: 10, max: 100 };

/** Sign-in attempts for one email that did not succeed, from any number of IPs. */
export const ACCOUNT_SIGN_IN_RULE: Rule = { window: 15 * 60, max: 5 };

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
  if (typeof email !== "string" || email.trim() === "") return null;
  return `sign-in:${createHash("sha256").update(email.trim().toLowerCase()).digest("base64url")}`;
}
