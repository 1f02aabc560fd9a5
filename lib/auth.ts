import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { jwt } from "better-auth/plugins";
import { randomUUID } from "node:crypto";
import { rawDatabase } from "@/db/client";
import * as schema from "@/db/schema";
import { userRules } from "@/lib/auth-user-rules";
import { config } from "@/lib/config";

/** How long a JWT from GET /api/auth/token lives; the verifier pins the same bound. */
export const JWT_LIFETIME_SECONDS = 15 * 60;

function createAuth() {
  const cfg = config();
  return betterAuth({
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
    emailAndPassword: { enabled: true },
    databaseHooks: { user: userRules },
    rateLimit: { enabled: cfg.authRateLimit },
    advanced: {
      database: { generateId: () => randomUUID() },
      // Better Auth skips its Origin check whenever NODE_ENV=test or TEST is set in the
      // environment; a stray variable must never turn CSRF protection off.
      disableOriginCheck: false,
    },
    plugins: [
      jwt({
        // Otherwise every session read signs a fresh JWT (a key read and a signature).
        disableSettingJwtHeader: true,
        jwks: { keyPairConfig: { alg: "EdDSA", crv: "Ed25519" } },
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
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { tasksAuth?: Auth };

/** The Better Auth instance, built on first use (never during `next build`). */
export function auth(): Auth {
  return (globalForAuth.tasksAuth ??= createAuth());
}
