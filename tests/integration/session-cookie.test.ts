import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// The session cookie on /api/tasks (lib/http/session-cookie.ts): checked in one query,
// with Better Auth's getSession taking over for refreshes, expiry and ambiguity. Every
// answer must be the one Better Auth itself would give.

const { server, users } = useAppServer({ users: ["Alice"] });
let sql: postgres.Sql | undefined;
beforeAll(() => {
  // The sessions table, to age a session (PostgreSQL only: PGlite is the server's alone).
  if (server.db.databaseUrl) sql = postgres(server.db.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
});

const NAME = "better-auth.session_token";
const listWith = (cookie: string) => call(server, "GET", "/api/tasks", { headers: { cookie } });
const valueOf = (cookie: string) => cookie.slice(cookie.indexOf("=") + 1);
/** The token and signature of a user's cookie, decoded. */
const partsOf = (user: TestUser) => {
  const value = decodeURIComponent(valueOf(user.cookie));
  const dot = value.lastIndexOf(".");
  return { token: value.slice(0, dot), signature: value.slice(dot + 1) };
};

async function freshUser(name: string): Promise<TestUser> {
  return signUp(server, name);
}

describe("the session cookie", () => {
  it("a valid cookie reads the caller's own tasks, among other cookies", async () => {
    expect((await listWith(users.Alice.cookie)).status).toBe(200);
    expect((await listWith(`theme=dark; ${users.Alice.cookie}; lang=en`)).status).toBe(200);
  });

  it.each<[string, (u: TestUser) => string]>([
    ["the token with another signature", (u) => `${NAME}=${encodeURIComponent(`${partsOf(u).token}.${"A".repeat(43)}=`)}`],
    ["another token with this signature", (u) => `${NAME}=${encodeURIComponent(`${partsOf(u).token}x.${partsOf(u).signature}`)}`],
    ["the token unsigned", (u) => `${NAME}=${partsOf(u).token}`],
    ["a signature of the wrong length", (u) => `${NAME}=${encodeURIComponent(`${partsOf(u).token}.${partsOf(u).signature.slice(1)}`)}`],
    ["broken percent-encoding", () => `${NAME}=%E0%A4%A.abc`],
    ["an empty value", () => `${NAME}=`],
    ["the cookie under another name", (u) => `better-auth.session_tokens=${valueOf(u.cookie)}`],
  ])("%s: 401, the same problem as no cookie", async (_, cookieOf) => {
    const res = await listWith(cookieOf(users.Alice));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(problems.unauthorized.session);
  });

  it("named twice, Better Auth decides: the first one counts, as in its own parser", async () => {
    const bob = await freshUser("Bob");
    const mine = await call(server, "POST", "/api/tasks", { as: { user: bob, via: "cookie" }, json: { title: "Bob's" } });
    const [first, second] = [await listWith(`${bob.cookie}; ${users.Alice.cookie}`), await listWith(`${users.Alice.cookie}; ${bob.cookie}`)];
    expect(first.body.items.map((t: { id: string }) => t.id)).toEqual([mine.body.id]);
    expect(second.body.items.map((t: { id: string }) => t.id)).not.toContain(mine.body.id);
    expect((await listWith(`${NAME}=garbage.x; ${users.Alice.cookie}`)).status).toBe(401);
  });

  it("signed out: 401 at once, with no window", async () => {
    const carol = await freshUser("Carol");
    expect((await listWith(carol.cookie)).status).toBe(200);
    const out = await call(server, "POST", "/api/auth/sign-out", { as: { user: carol, via: "cookie" }, json: {} });
    expect(out.status).toBe(200);
    expect((await listWith(carol.cookie)).status).toBe(401);
  });

  it("revoked from another device: 401 at once", async () => {
    const dave = await freshUser("Dave");
    const other = await call(server, "POST", "/api/auth/sign-in/email", {
      headers: { origin: server.url },
      json: { email: dave.email, password: dave.password },
    });
    const otherCookie = other.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await listWith(otherCookie)).status).toBe(200);
    const revoke = await call(server, "POST", "/api/auth/revoke-other-sessions", { as: { user: dave, via: "cookie" }, json: {} });
    expect(revoke.status).toBe(200);
    expect((await listWith(otherCookie)).status).toBe(401);
    expect((await listWith(dave.cookie)).status).toBe(200);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("sessions Better Auth must see (PostgreSQL)", () => {
  const expiresInDays = async (user: TestUser) => {
    const [row] = await sql!`select extract(epoch from expires_at - now()) / 86400 as days from sessions where token = ${partsOf(user).token}`;
    return row ? Number(row.days) : null;
  };

  it("a session due for its daily extension still works, and Better Auth extends it", async () => {
    const erin = await freshUser("Erin");
    await sql!`update sessions set expires_at = now() + interval '5 days', updated_at = now() - interval '2 days' where token = ${partsOf(erin).token}`;
    expect((await listWith(erin.cookie)).status).toBe(200);
    expect(await expiresInDays(erin)).toBeGreaterThan(6.9);
  });

  it("an expired session is 401, and Better Auth deletes it", async () => {
    const frank = await freshUser("Frank");
    await sql!`update sessions set expires_at = now() - interval '1 minute' where token = ${partsOf(frank).token}`;
    expect((await listWith(frank.cookie)).status).toBe(401);
    expect(await expiresInDays(frank)).toBeNull();
  });

  it("a fresh session is not written on every request (no refresh before updateAge)", async () => {
    const gina = await freshUser("Gina");
    const before = await sql!`select updated_at from sessions where token = ${partsOf(gina).token}`;
    for (let i = 0; i < 3; i++) expect((await listWith(gina.cookie)).status).toBe(200);
    const after = await sql!`select updated_at from sessions where token = ${partsOf(gina).token}`;
    expect(after[0]!.updated_at).toEqual(before[0]!.updated_at);
  });
});
