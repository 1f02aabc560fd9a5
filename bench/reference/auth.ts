// The reference's authentication, doing what the app does per request and nothing more:
// a Bearer JWT verified in process against the stored public keys (as lib/jwt.ts, with the
// same rules, lib/jwt-rules.ts), or Better Auth's signed session cookie checked and its
// session read in one query (as lib/http/session-cookie.ts).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type postgres from "postgres";
import { accessTokenRules } from "../../lib/jwt-rules";

const SESSION_COOKIE = "better-auth.session_token";

export type Authenticator = (headers: { authorization?: string; cookie?: string }) => Promise<string | null>;

export function authenticator(sql: postgres.Sql, secret: string, baseUrl: string): Authenticator {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const loadKeys = async () => {
    const rows = await sql<{ id: string; public_key: string; alg: string | null }[]>`select id, public_key, alg from jwks`;
    return createLocalJWKSet({ keys: rows.map((r) => ({ ...JSON.parse(r.public_key), kid: r.id, alg: r.alg ?? "EdDSA" })) });
  };

  async function bearer(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, await (keys ??= loadKeys()), accessTokenRules(baseUrl));
      return typeof payload.sub === "string" && payload.sub.length > 0 ? payload.sub : null;
    } catch {
      return null;
    }
  }

  // better-call's signed cookie: `<token>.<base64 HMAC-SHA256(secret, token)>`, URI-encoded.
  async function cookie(header: string): Promise<string | null> {
    const raw = header
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
    if (!raw) return null;
    const value = decodeURIComponent(raw.slice(SESSION_COOKIE.length + 1));
    const dot = value.lastIndexOf(".");
    const token = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(createHmac("sha256", secret).update(token).digest("base64"));
    if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    // lib/http/session-cookie.ts: one indexed query (a session's user exists: cascade).
    const [session] = await sql`select user_id, expires_at from sessions where token = ${token}`;
    if (!session || (session.expires_at as Date).getTime() <= Date.now()) return null;
    return session.user_id as string;
  }

  return async ({ authorization, cookie: cookieHeader }) => {
    if (authorization !== undefined) {
      const match = /^Bearer +([A-Za-z0-9\-_.]+)\s*$/i.exec(authorization);
      return match ? bearer(match[1]!) : null;
    }
    return cookieHeader ? cookie(cookieHeader) : null;
  };
}
