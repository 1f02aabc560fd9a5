import { operation, RATE_LIMIT_REFUSAL_HEADERS, type Success } from "./operation";
import type { Header, Paths } from "./types";

// Better Auth, mounted at /api/auth: the endpoints a client needs. Its errors are its own
// JSON ({ code, message }), not problem+json; ours are what never reaches it: a body over
// the limit (413), a database outage (503), and a value the database cannot store (a 422
// validation-failed problem, shared with sign-up's USER_ALREADY_EXISTS status and so
// described in the API's description rather than per operation).

const setCookie: Record<string, Header> = {
  "Set-Cookie": { description: "The session cookie (HttpOnly, SameSite=Lax, 7 days).", schema: { type: "string" } },
};

const authError = (description: string): Success => ({ description, schema: "AuthError" });
const foreignOrigin = authError("INVALID_ORIGIN: an Origin header other than the app's own.");
const tooMany = (codes: string): Success => ({
  description: `${codes}: too many requests (per client IP, and per account or email). Retry after Retry-After seconds.`,
  schema: "AuthError",
  headers: RATE_LIMIT_REFUSAL_HEADERS,
});

export function authPaths(): Paths {
  return {
    "/api/auth/sign-up/email": {
      post: operation({
        id: "signUp",
        summary: "Create an account",
        description: "Signs the new user in: the answer sets the session cookie.",
        tag: "auth",
        access: "public",
        body: { schema: "SignUpBody" },
        responses: { 200: { description: "Signed up and in.", schema: "SignUpResponse", headers: setCookie } },
        errors: {
          400: authError(
            "A field is missing or invalid (INVALID_EMAIL, PASSWORD_TOO_SHORT, INVALID_NAME...), or sign-up is off on this " +
              "server (EMAIL_PASSWORD_SIGN_UP_DISABLED, SIGN_UP=off).",
          ),
          403: foreignOrigin,
          422: authError("USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL."),
          429: tooMany("RATE_LIMITED, TOO_MANY_SIGN_UP_ATTEMPTS"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/sign-in/email": {
      post: operation({
        id: "signIn",
        summary: "Sign in",
        tag: "auth",
        access: "public",
        body: { schema: "SignInBody" },
        responses: { 200: { description: "Signed in.", schema: "SignInResponse", headers: setCookie } },
        errors: {
          400: authError("A field is missing or invalid."),
          401: authError("INVALID_EMAIL_OR_PASSWORD."),
          403: foreignOrigin,
          429: tooMany("RATE_LIMITED, TOO_MANY_SIGN_IN_ATTEMPTS"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/sign-out": {
      post: operation({
        id: "signOut",
        summary: "Sign out",
        description: "Ends the session and clears the cookie. Send `{}` as the body: Better Auth refuses a POST without one.",
        tag: "auth",
        access: "session",
        body: { schema: "SignOutBody" },
        responses: { 200: { description: "Signed out (also when there was no session).", schema: "Success" } },
        errors: { 400: authError("No JSON body."), 403: foreignOrigin, 415: authError("No JSON Content-Type.") },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/delete-user": {
      post: operation({
        id: "deleteAccount",
        summary: "Delete your account and all its tasks",
        tag: "auth",
        access: "session",
        body: { schema: "DeleteUserBody" },
        responses: { 200: { description: "Deleted.", schema: "DeleteUserResponse" } },
        errors: {
          400: authError("INVALID_PASSWORD, or PASSWORD_REQUIRED: no password sent."),
          401: authError("No session."),
          403: foreignOrigin,
          429: tooMany("RATE_LIMITED, TOO_MANY_PASSWORD_ATTEMPTS"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/request-password-reset": {
      post: operation({
        id: "requestPasswordReset",
        summary: "Mail a password reset link",
        description:
          "Answers the same whether or not the address has an account. If it has, a mail goes to it with a link that " +
          "works once, for 30 minutes, and leads to /reset-password?token=... (or ?error=INVALID_TOKEN). Without " +
          "SMTP_URL the link is written to the server's log instead (development).",
        tag: "auth",
        access: "public",
        body: { schema: "RequestPasswordResetBody" },
        responses: { 200: { description: "Asked (a mail went if the account exists).", schema: "RequestPasswordResetResponse" } },
        errors: {
          400: authError("A field is missing or invalid (INVALID_EMAIL...)."),
          403: authError("INVALID_REDIRECT_URL: redirectTo names another origin; or INVALID_ORIGIN."),
          429: tooMany("RATE_LIMITED, TOO_MANY_PASSWORD_RESET_REQUESTS"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/reset-password": {
      post: operation({
        id: "resetPassword",
        summary: "Set a new password with a reset link's token",
        description: "The token works once. Every session of the account ends: sign in with the new password.",
        tag: "auth",
        access: "public",
        body: { schema: "ResetPasswordBody" },
        responses: { 200: { description: "The password is changed.", schema: "Status" } },
        errors: {
          400: authError("INVALID_TOKEN (unknown, used or expired), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG."),
          429: tooMany("RATE_LIMITED"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/send-verification-email": {
      post: operation({
        id: "sendVerificationEmail",
        summary: "Mail a link that verifies the address",
        description:
          "Signed in: to the session's own address, unless it is verified already. Signed out: the same answer for " +
          "any address, and a mail only to an account that is not verified. The link works for 24 hours and leads to " +
          "/verify-email (signed in as its account), or /verify-email?error=TOKEN_EXPIRED / INVALID_TOKEN. Sign-up " +
          "sends one by itself.",
        tag: "auth",
        access: "public",
        body: { schema: "SendVerificationEmailBody" },
        responses: { 200: { description: "Asked.", schema: "Status" } },
        errors: {
          400: authError("INVALID_EMAIL, EMAIL_MISMATCH (not the session's address), EMAIL_ALREADY_VERIFIED."),
          403: authError("INVALID_CALLBACK_URL: callbackURL names another origin; or INVALID_ORIGIN."),
          429: tooMany("RATE_LIMITED, TOO_MANY_VERIFICATION_EMAILS"),
        },
        problems: ["payload_too_large", "unavailable"],
      }),
    },
    "/api/auth/token": {
      get: operation({
        id: "getToken",
        summary: "Get a JWT for scripts and apps",
        description:
          "Trades the session cookie for a Bearer token: EdDSA (Ed25519), valid 15 minutes, claims `sub` (the user " +
          "id), `iss` and `aud` (the app's URL), `iat`, `exp`. Verify it with GET /api/auth/jwks.",
        tag: "auth",
        access: "session",
        responses: { 200: { description: "A fresh token.", schema: "Token" } },
        errors: { 401: authError("No session.") },
        problems: ["unavailable"],
      }),
    },
    "/api/auth/jwks": {
      get: operation({
        id: "getJwks",
        summary: "The public keys that verify our JWTs",
        tag: "auth",
        access: "public",
        responses: { 200: { description: "A JSON Web Key Set.", schema: "Jwks" } },
        problems: ["unavailable"],
      }),
    },
  };
}
