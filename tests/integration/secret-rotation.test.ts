import { decodeProtectedHeader, SignJWT } from "jose";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { jwks } from "@/db/schema";
import { call, fetchJwt, type TestUser, signUp } from "../support/api-client";
import { startAppServer, stopChild, type AppServer } from "../support/app-server";

// Changing BETTER_AUTH_SECRET is a supported operation: restart with the new one and
// nothing needs repairing by hand. The JWT signing key the new secret cannot decrypt is
// retired (lib/jwt-signing-keys.ts) and a new one made; tokens the old key signed keep
// verifying until they expire, and its public half is published only for that long.
// Sessions signed with the old secret end (everyone signs in again).

const NEW_SECRET = "the-second-secret-of-this-test-suite-0123456789";

let first: AppServer;
let second: AppServer | undefined;
let alice: TestUser;

// The first server's data and port, for the servers that follow it (same URL: same iss/aud).
const samePlace = (secret: string) => ({
  port: Number(new URL(first.url).port),
  database: { db: first.db, signingKey: first.signingKey },
  env: { BETTER_AUTH_SECRET: secret },
});

beforeAll(async () => {
  first = await startAppServer();
  alice = await signUp(first, "Alice");
  await stopChild(first.child); // not first.stop(): its database lives on
  second = await startAppServer(samePlace(NEW_SECRET));
});

afterAll(async () => {
  await second?.stop();
  await first?.db.drop();
});

async function signIn(server: AppServer, user: TestUser): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("better-auth.session_token="))!;
}

async function storedKeys() {
  const handle = openDatabase(first.db);
  try {
    return await handle.db.select({ id: jwks.id, expiresAt: jwks.expiresAt }).from(jwks);
  } finally {
    await handle.close();
  }
}

describe("after BETTER_AUTH_SECRET changes", () => {
  let cookie: string;
  let newToken: string;

  it("a session from before is over: the cookie's signature no longer holds", async () => {
    const res = await call(second!, "GET", "/api/auth/token", { headers: { cookie: alice.cookie } });
    expect(res.status).toBe(401);
  });

  it("signing in again works, and tokens come from a new key (no 500, nothing deleted by hand)", async () => {
    cookie = await signIn(second!, alice);
    newToken = await fetchJwt(second!, cookie);
    const { kid } = decodeProtectedHeader(newToken);
    expect(kid).toEqual(expect.any(String));
    expect(kid).not.toBe(first.signingKey.kid);
    // The next token comes from the same new key: the old one is retired once, not again.
    expect(decodeProtectedHeader(await fetchJwt(second!, cookie)).kid).toBe(kid);
    const tasks = await call(second!, "GET", "/api/tasks", { headers: { authorization: `Bearer ${newToken}` } });
    expect(tasks.status).toBe(200);
  });

  it("a token the old key signed before the change verifies until it expires", async () => {
    const res = await call(second!, "GET", "/api/tasks", { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(res.status).toBe(200);
    const published = await call(second!, "GET", "/api/auth/jwks");
    expect(published.body.keys.map((k: { kid: string }) => k.kid).sort()).toEqual(
      [first.signingKey.kid, decodeProtectedHeader(newToken).kid].sort(),
    );
  });

  it("the old key is retired in the database, the new one set to rotate in 30 days", async () => {
    const keys = new Map((await storedKeys()).map((k) => [k.id, k.expiresAt]));
    expect(keys.size).toBe(2);
    const retiredAt = keys.get(first.signingKey.kid)!;
    expect(retiredAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(retiredAt.getTime()).toBeGreaterThan(Date.now() - 5 * 60_000);
    const rotatesAt = keys.get(decodeProtectedHeader(newToken).kid!)!.getTime();
    expect(Math.abs(rotatesAt - (Date.now() + 30 * 24 * 3600_000))).toBeLessThan(5 * 60_000);
  });

  it("past its grace period the old key is no longer published, and what it signs is refused", async () => {
    // Retired long enough ago that the tokens it signed have all expired; then a fresh
    // process, so that nothing of the old key set is cached in memory.
    await stopChild(second!.child);
    const handle = openDatabase(first.db);
    try {
      await handle.db.update(jwks).set({ expiresAt: sql`now() - interval '2 hours'` }).where(eq(jwks.id, first.signingKey.kid));
    } finally {
      await handle.close();
    }
    await second!.stop();
    second = await startAppServer(samePlace(NEW_SECRET));
    const published = await call(second, "GET", "/api/auth/jwks");
    expect(published.body.keys.map((k: { kid: string }) => k.kid)).toEqual([decodeProtectedHeader(newToken).kid]);
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ sub: alice.id, iss: second.url, aud: second.url, iat: now, exp: now + 600 })
      .setProtectedHeader({ alg: "EdDSA", kid: first.signingKey.kid })
      .sign(first.signingKey.privateKey);
    const res = await call(second, "GET", "/api/tasks", { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });
});
