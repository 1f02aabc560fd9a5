import { z } from "zod";

// Better Auth's endpoints under /api/auth, the ones a client of this API needs. These
// shapes are Better Auth's, not ours, so they are written out by hand (and checked
// against the running server by tests/integration/contract.test.ts). Their objects are
// open: a Better Auth upgrade may add fields.

export const signUpBody = z.object({
  name: z.string().min(1).max(255).describe("Shown in the app; trimmed."),
  email: z.email().max(255),
  password: z.string().min(8).max(128),
  rememberMe: z.boolean().optional().describe("false: the session cookie ends with the browser session."),
});

export const signInBody = z.object({
  email: z.email(),
  password: z.string().min(1),
  rememberMe: z.boolean().optional().describe("false: the session cookie ends with the browser session."),
});

// Sign-out has no fields, but Better Auth refuses a POST without a JSON body (400/415).
export const signOutBody = z.object({});

export const deleteUserBody = z.object({
  password: z.string().min(1).describe("The account's password, asked again."),
});

// Where a mail's link leads is this app's page (/verify-email, /reset-password) whatever is
// sent; a URL on another origin is refused (403), so the field is only checked.
const sameOriginUrl = (what: string) =>
  z.string().optional().describe(`${what} A path on this app (or a URL of its origin); another origin is refused.`);

export const requestPasswordResetBody = z.object({
  email: z.email(),
  redirectTo: sameOriginUrl("Accepted for Better Auth's clients: the link in the mail always leads to /reset-password."),
});

export const resetPasswordBody = z.object({
  newPassword: z.string().min(8).max(128),
  token: z.string().min(1).describe("The token /reset-password was opened with (its `token` query parameter)."),
});

export const sendVerificationEmailBody = z.object({
  email: z.email().describe("The session's own address when signed in; otherwise any address (a mail goes only to an unverified account)."),
  callbackURL: sameOriginUrl("Accepted for Better Auth's clients: the link in the mail always leads to /verify-email."),
});

export const statusResponse = z.looseObject({ status: z.boolean() });

export const requestPasswordResetResponse = z.looseObject({
  status: z.boolean(),
  message: z.string().describe("The same whether or not the address has an account."),
});

const time = z.iso.datetime();

export const authUser = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.email(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
});

export const signUpResponse = z.looseObject({
  token: z.string().nullable().describe("The session token (also set as the session cookie)."),
  user: authUser,
});

export const signInResponse = z.looseObject({
  redirect: z.boolean(),
  token: z.string().describe("The session token (also set as the session cookie)."),
  url: z.string().nullish(),
  user: authUser,
});

export const successResponse = z.looseObject({ success: z.boolean() });

export const deleteUserResponse = z.looseObject({ success: z.boolean(), message: z.string() });

export const tokenResponse = z.strictObject({
  token: z
    .string()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    .describe("A JWT (EdDSA, Ed25519) valid for 15 minutes; claims sub (the user id), iss, aud, iat, exp."),
});

export const jwksResponse = z.looseObject({
  keys: z.array(
    z.looseObject({
      kty: z.literal("OKP"),
      crv: z.literal("Ed25519"),
      x: z.string(),
      kid: z.string(),
      alg: z.literal("EdDSA").optional(),
    }),
  ),
});

/** Better Auth's own error body (application/json, not problem+json). */
export const authError = z.looseObject({
  code: z.string().optional().describe("e.g. INVALID_EMAIL_OR_PASSWORD, USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL, INVALID_ORIGIN"),
  message: z.string(),
});
