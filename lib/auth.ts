import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { jwt } from "better-auth/plugins";
import { randomUUID } from "node:crypto";
import { rawDatabase } from "@/db/client";
import * as schema from "@/db/schema";
import { deleteUserNeedsPassword, userRules } from "@/lib/auth-user-rules";
import { config } from "@/lib/config";
import { listsOnAccountDeletion } from "@/lib/lists/account-deletion";
import { JWT_LIFETIME_SECONDS } from "@/lib/jwt-rules";
import { emailVerificationOptions, passwordResetOptions } from "@/lib/mail/auth-mail-options";
import { betterAuthLogger } from "@/lib/observability/foreign-logs";
import { logger } from "@/lib/observability/logger";
import { readSigningKeys } from "@/lib/jwt-signing-keys";
import { accountAttemptLimits } from "@/lib/rate-limit/account-limits";
import { authIpAddress, authRateLimit, handleAuthRequest } from "@/lib/rate-limit/auth-limits";
import { processSingleton } from "@/lib/singleton";

const SIGNING_KEY_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

function createAuth() {
  const cfg = config();
  if (cfg.authRateLimit && !cfg.trustedIpHeader && cfg.production) {
    logger().warn(
      { code: "TRUSTED_IP_HEADER_UNSET" },
      "TRUSTED_IP_HEADER is not set: /api/auth is limited per account only, not per client IP. " +
        "Name the header your proxy sets (x-forwarded-for, x-real-ip, x-vercel-forwarded-for...).",
    );
  }
  const instance = betterAuth({
    baseURL: cfg.baseUrl,
    secret: cfg.authSecret,
    database: drizzleAdapter(rawDatabase(), {
      provider: "pg",
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
        jwks: schema.jwks,
      },
    }),
    user: { modelName: "users", deleteUser: { enabled: true } },
    session: { modelName: "sessions" },
    account: { modelName: "accounts" },
    verification: { modelName: "verifications" },
    // SIGN_UP=off: a private instance, where sign-up answers EMAIL_PASSWORD_SIGN_UP_DISABLED.
    // Mail (lib/mail): verification on sign-up and password reset; signing in never waits
    // for a verified address.
    emailAndPassword: { enabled: true, disableSignUp: !cfg.signUp, ...passwordResetOptions },
    emailVerification: emailVerificationOptions,
    databaseHooks: { user: { ...userRules, ...listsOnAccountDeletion } },
    hooks: { before: deleteUserNeedsPassword },
    // Its log lines as ours: JSON, no values (lib/observability/foreign-logs.ts).
    logger: betterAuthLogger(),
    // An error that is not one of its answers (a failed query) is thrown on to our handler,
    // which logs it once, structured, and answers our 500 problem; otherwise better-call
    // prints "# SERVER_ERROR" with the raw error (SQL, parameters) and answers an empty 500.
    onAPIError: { throw: true },
    // Per client IP on every path (lib/rate-limit/auth-rules.ts), counted in the database so
    // that every instance sees the same counts. Per account too (sign-in, password checks,
    // sign-up): the account-attempt-limits plugin below.
    rateLimit: authRateLimit(cfg.authRateLimit),
    advanced: {
      database: { generateId: () => randomUUID() },
      // Never a header the client may have written itself: see handleAuthRequest.
      ipAddress: authIpAddress(cfg.trustedIpHeader),
      // Better Auth skips its Origin check whenever NODE_ENV=test or TEST is set in the
      // environment; a stray variable must never turn CSRF protection off.
      disableOriginCheck: false,
    },
    plugins: [
      accountAttemptLimits(cfg.authRateLimit),
      jwt({
        // Otherwise every session read signs a fresh JWT (a key read and a signature).
        disableSettingJwtHeader: true,
        jwks: {
          keyPairConfig: { alg: "EdDSA", crv: "Ed25519" },
          // A new signing key every 30 days; a key no longer used to sign (rotated, or
          // retired after a change of BETTER_AUTH_SECRET: lib/jwt-signing-keys.ts) stays
          // published just long enough for the tokens it signed to expire.
          rotationInterval: SIGNING_KEY_LIFETIME_SECONDS,
          gracePeriod: JWT_LIFETIME_SECONDS + 5 * 60,
        },
        adapter: { getJwks: readSigningKeys },
        jwt: {
          issuer: cfg.baseUrl,
          audience: cfg.baseUrl,
          expirationTime: `${JWT_LIFETIME_SECONDS}s`,
          // Anyone holding a JWT can read it: it says who (sub), nothing more.
          definePayload: () => ({}),
        },
      }),
    ],
  });
  // Every HTTP request to Better Auth (app/api/auth) comes through here: the client IP is
  // taken from the trusted header, and rate-limit refusals get their headers.
  const handler = instance.handler;
  instance.handler = (req: Request) => handleAuthRequest(req, handler, cfg.trustedIpHeader);
  return instance;
}

export type Auth = ReturnType<typeof createAuth>;

/** The Better Auth instance, built on first use (never during `next build`). */
export function auth(): Auth {
  return processSingleton("auth", () => createAuth());
}
