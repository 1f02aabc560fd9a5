import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, uniqueEmail, type ApiResponse } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { problems } from "../support/problems";

// Better Auth's limiter as deployed behind a proxy that appends the client address to
// X-Forwarded-For (TRUSTED_IP_HEADER=x-forwarded-for): per client IP on /api/auth, and per
// account on sign-in, with counters in the database or in Redis. Every test uses addresses
// and accounts of its own, so the windows (1 and 15 minutes) never need to pass.

type Account = { email: string; password: string; cookie: string };

let server: AppServer;
let alice: Account;
let bob: Account;

// With REDIS_URL every server shares the machine's Redis, and its windows outlive a run:
// each run of this file takes addresses of its own, from a random 10.x.y.0/22 block.
const [blockA, blockB] = [randomInt(256), randomInt(64) * 4];
let nextIp = 1;
/** An address no other request of this run uses (up to 1,023 of them). */
function freshIp(): string {
  const n = nextIp++;
  return `10.${blockA}.${blockB + (n >> 8)}.${n & 255}`;
}

/**
 * An account, signed up from an address of its own. Not the shared fixture: a request
 * without X-Forwarded-For is not anonymous here, `next start` fills the header with the
 * socket's address, so every such sign-up would share 127.0.0.1's allowance.
 */
async function signUp(name: string): Promise<Account> {
  const email = uniqueEmail(name);
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const res = await call(server, "POST", "/api/auth/sign-up/email", {
    headers: { origin: server.url, "x-forwarded-for": freshIp() },
    json: { name, email, password },
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return { email, password, cookie: res.headers.getSetCookie()[0]!.split(";")[0]! };
}

function signIn(email: string, password: string, headers: Record<string, string>): Promise<ApiResponse> {
  return call(server, "POST", "/api/auth/sign-in/email", { headers: { origin: server.url, ...headers }, json: { email, password } });
}

function signUpAs(headers: Record<string, string>): Promise<ApiResponse> {
  return call(server, "POST", "/api/auth/sign-up/email", {
    headers: { origin: server.url, ...headers },
    json: { name: "Mallory", email: uniqueEmail("Mallory"), password: `pw-${randomBytes(8).toString("hex")}` },
  });
}

const wrong = () => `wrong-${randomBytes(4).toString("hex")}`;

/** The rate-limit headers of a response; Retry-After and RateLimit-Reset as numbers. */
function limitHeaders(res: ApiResponse) {
  const n = (name: string) => (res.headers.has(name) ? Number(res.headers.get(name)) : null);
  return {
    retryAfter: n("retry-after"),
    limit: n("ratelimit-limit"),
    remaining: n("ratelimit-remaining"),
    reset: n("ratelimit-reset"),
  };
}

const IP_REFUSAL = { code: "RATE_LIMITED", message: "Too many requests. Please try again later." };
const ACCOUNT_REFUSAL = {
  code: "TOO_MANY_SIGN_IN_ATTEMPTS",
  message: "Too many sign-in attempts for this account. Try again later.",
};
const PASSWORD_REFUSAL = {
  code: "TOO_MANY_PASSWORD_ATTEMPTS",
  message: "Too many password attempts for this account. Try again later.",
};
const SIGN_UP_REFUSAL = {
  code: "TOO_MANY_SIGN_UP_ATTEMPTS",
  message: "Too many sign-up attempts for this email. Try again later.",
};

// The routes that check the password of a signed-in account: a stolen session must not
// turn them into a password oracle.
const PASSWORD_ROUTES: [string, (password: string) => object][] = [
  ["/api/auth/change-password", (password) => ({ currentPassword: password, newPassword: `new-${randomBytes(8).toString("hex")}` })],
  ["/api/auth/delete-user", (password) => ({ password })],
  ["/api/auth/verify-password", (password) => ({ password })],
];

function checkPassword(account: Account, path: string, body: object): Promise<ApiResponse> {
  return call(server, "POST", path, {
    headers: { origin: server.url, cookie: account.cookie, "x-forwarded-for": freshIp() },
    json: body,
  });
}

function signUpWith(email: string, password = `pw-${randomBytes(8).toString("hex")}`): Promise<ApiResponse> {
  return call(server, "POST", "/api/auth/sign-up/email", {
    headers: { origin: server.url, "x-forwarded-for": freshIp() },
    json: { name: "Mallory", email, password },
  });
}

/** Expects a 429 with the body given and consistent headers: Retry-After = RateLimit-Reset, within the window. */
function expectRefused(res: ApiResponse, body: object, limit: number, window: number) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual(body);
  const h = limitHeaders(res);
  expect(h).toEqual({ retryAfter: h.reset, limit, remaining: 0, reset: h.reset });
  expect(h.reset).toBeGreaterThanOrEqual(1);
  expect(h.reset).toBeLessThanOrEqual(window);
  expect(res.headers.get("cache-control")).toBe("no-store");
}

// The same limits with their counters in the database (the default) and in Redis (REDIS_URL).
const STORES: { store: string; env: Record<string, string> }[] = [
  { store: "the database", env: {} },
  { store: "Redis", env: { REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" } },
];

describe.each(STORES)("counters in $store", ({ env }) => {
  beforeAll(async () => {
    server = await startAppServer({ env: { AUTH_RATE_LIMIT: "on", TRUSTED_IP_HEADER: "x-forwarded-for", ...env } });
    [alice, bob] = await Promise.all([signUp("Alice"), signUp("Bob")]);
  });
  afterAll(() => server?.stop());

  describe("per client IP", () => {
    it("sign-in: 5 a minute from one address, whatever the account, then 429", async () => {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signIn(uniqueEmail(`nobody${i}`), wrong(), { "x-forwarded-for": ip })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expectRefused(await signIn(uniqueEmail("nobody"), wrong(), { "x-forwarded-for": ip }), IP_REFUSAL, 5, 60);
      // Even the right password, from that address; another address is not affected.
      expectRefused(await signIn(alice.email, alice.password, { "x-forwarded-for": ip }), IP_REFUSAL, 5, 60);
      expect((await signIn(alice.email, alice.password, { "x-forwarded-for": freshIp() })).status).toBe(200);
    });

    it("sign-up: 5 a minute from one address, then 429", async () => {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signUpAs({ "x-forwarded-for": ip })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const refused = await signUpAs({ "x-forwarded-for": ip });
      expectRefused(refused, IP_REFUSAL, 5, 60);
      expect(refused.headers.getSetCookie()).toEqual([]);
      expect((await signUpAs({ "x-forwarded-for": freshIp() })).status).toBe(200);
    });

    it("keys on the right-most X-Forwarded-For entry: what a client prepends changes nothing", async () => {
      const proxySaw = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const forged = `198.51.100.${i}, 10.${i}.0.1`;
        statuses.push((await signUpAs({ "x-forwarded-for": `${forged}, ${proxySaw}` })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it("ignores a client's own X-Tasks-Client-Ip (the header Better Auth is told to read)", async () => {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await signUpAs({ "x-forwarded-for": ip, "x-tasks-client-ip": `198.51.100.${100 + i}` })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it("the password routes are limited like sign-in", async () => {
      const ip = freshIp();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await call(server, "POST", "/api/auth/change-password", {
          headers: { origin: server.url, cookie: bob.cookie, "x-forwarded-for": ip },
          json: { currentPassword: wrong(), newPassword: "another password" },
        });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5).every((s) => s === 400 || s === 401)).toBe(true);
      expect(statuses[5]).toBe(429);
    });

    it("session reads get Better Auth's roomier default (100 per 10 s)", async () => {
      const ip = freshIp();
      const reads = await Promise.all(
        Array.from({ length: 20 }, () => call(server, "GET", "/api/auth/get-session", { headers: { cookie: alice.cookie, "x-forwarded-for": ip } })),
      );
      expect(reads.map((r) => r.status)).toEqual(Array(20).fill(200));
    });
  });

  describe("per account, whatever the IP", () => {
    it("rotating X-Forwarded-For on every request: refused after 5 attempts", async () => {
      const victim = await signUp("Victim");
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signIn(victim.email, wrong(), { "x-forwarded-for": freshIp() })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expectRefused(await signIn(victim.email, wrong(), { "x-forwarded-for": freshIp() }), ACCOUNT_REFUSAL, 5, 900);
    });

    it("a locked account refuses the right password too (or the limit would confirm a guess)", async () => {
      const victim = await signUp("Victim");
      for (let i = 0; i < 5; i++) await signIn(victim.email, wrong(), { "x-forwarded-for": freshIp() });
      const res = await signIn(victim.email, victim.password, { "x-forwarded-for": freshIp() });
      expectRefused(res, ACCOUNT_REFUSAL, 5, 900);
      expect(res.headers.getSetCookie()).toEqual([]);
    });

    it("counts the email as Better Auth does: case and surrounding spaces make no new account", async () => {
      const victim = await signUp("Victim");
      const spellings = [victim.email, victim.email.toUpperCase(), ` ${victim.email}`, victim.email.replace(/^./, (c) => c.toUpperCase())];
      for (const email of [...spellings, victim.email]) await signIn(email, wrong(), { "x-forwarded-for": freshIp() });
      expectRefused(await signIn(victim.email.toUpperCase(), wrong(), { "x-forwarded-for": freshIp() }), ACCOUNT_REFUSAL, 5, 900);
    });

    it("parallel guesses cannot slip past: of 12 at once, exactly 5 reach the password check", async () => {
      const victim = await signUp("Victim");
      const results = await Promise.all(
        Array.from({ length: 12 }, () => signIn(victim.email, wrong(), { "x-forwarded-for": freshIp() })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    });

    it("successful sign-ins do not count: a user signing in often is never locked out", async () => {
      const user = await signUp("Busy");
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await signIn(user.email, user.password, { "x-forwarded-for": freshIp() })).status);
      expect(statuses).toEqual(Array(8).fill(200));
      // ...and the failures still do.
      for (let i = 0; i < 5; i++) await signIn(user.email, wrong(), { "x-forwarded-for": freshIp() });
      expect((await signIn(user.email, wrong(), { "x-forwarded-for": freshIp() })).status).toBe(429);
    });

    it("accounts that do not exist are limited the same way (no enumeration by the limit)", async () => {
      const ghost = uniqueEmail("ghost");
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await signIn(ghost, wrong(), { "x-forwarded-for": freshIp() })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it("one account's lock leaves the others alone", async () => {
      const victim = await signUp("Victim");
      for (let i = 0; i < 6; i++) await signIn(victim.email, wrong(), { "x-forwarded-for": freshIp() });
      expect((await signIn(bob.email, bob.password, { "x-forwarded-for": freshIp() })).status).toBe(200);
    });
  });
});

describe.each(STORES)("password checks and sign-ups per account, counters in $store", ({ env }) => {
  beforeAll(async () => {
    server = await startAppServer({ env: { AUTH_RATE_LIMIT: "on", TRUSTED_IP_HEADER: "x-forwarded-for", ...env } });
  });
  afterAll(() => server?.stop());

  describe("a signed-in account's password checks, whatever the IP", () => {
    it.each(PASSWORD_ROUTES)("%s: 5 wrong passwords, then 429 even for the right one", async (path, body) => {
      const victim = await signUp("Victim");
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await checkPassword(victim, path, body(wrong()))).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      expectRefused(await checkPassword(victim, path, body(wrong())), PASSWORD_REFUSAL, 5, 900);
      expectRefused(await checkPassword(victim, path, body(victim.password)), PASSWORD_REFUSAL, 5, 900);
      // Nothing was changed or deleted: the password still signs in.
      expect((await signIn(victim.email, victim.password, { "x-forwarded-for": freshIp() })).status).toBe(200);
    });

    it("one allowance for the three routes: 2 + 2 + 1 wrong, then each of them refuses", async () => {
      const victim = await signUp("Victim");
      const [change, remove, verify] = PASSWORD_ROUTES as [(typeof PASSWORD_ROUTES)[0], (typeof PASSWORD_ROUTES)[0], (typeof PASSWORD_ROUTES)[0]];
      const statuses: number[] = [];
      for (const [path, body] of [change, change, remove, remove, verify]) statuses.push((await checkPassword(victim, path, body(wrong()))).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      for (const [path, body] of PASSWORD_ROUTES) expectRefused(await checkPassword(victim, path, body(wrong())), PASSWORD_REFUSAL, 5, 900);
    });

    it("spellings of the path that reach Better Auth count as the same route; the others check nothing", async () => {
      const victim = await signUp("Victim");
      // Another case or an encoded letter is no route (404); a trailing or doubled slash is
      // a redirect to the route (308), which then counts like any other attempt.
      for (const path of ["/api/auth/Verify-Password", "/api/auth/verify%2Dpassword", "/api/auth/verify-password/", "/api/auth//verify-password"]) {
        expect((await checkPassword(victim, path, { password: wrong() })).status).toBeOneOf([404, 308]);
      }
      const paths = ["/api/auth/verify-password?x=1", "/api/auth/verify-password?", "/api/auth/verify-password?x=1&x=2", "/api/auth/./verify-password", "/api/auth/verify-password"];
      const statuses: number[] = [];
      for (const path of paths) statuses.push((await checkPassword(victim, path, { password: wrong() })).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      expectRefused(await checkPassword(victim, "/api/auth/verify-password?again", { password: victim.password }), PASSWORD_REFUSAL, 5, 900);
    });

    it("parallel guesses cannot slip past: of 12 at once, exactly 5 reach the password check", async () => {
      const victim = await signUp("Victim");
      const results = await Promise.all(Array.from({ length: 12 }, () => checkPassword(victim, "/api/auth/verify-password", { password: wrong() })));
      expect(results.map((r) => r.status).sort()).toEqual([...Array(5).fill(400), ...Array(7).fill(429)]);
    });

    it("the right password gives its attempt back: verifying often never locks the account", async () => {
      const user = await signUp("Busy");
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await checkPassword(user, "/api/auth/verify-password", { password: user.password })).status);
      expect(statuses).toEqual(Array(8).fill(200));
    });

    it("one account's lock leaves the others alone, and the session itself still works", async () => {
      const victim = await signUp("Victim");
      const other = await signUp("Other");
      for (let i = 0; i < 6; i++) await checkPassword(victim, "/api/auth/verify-password", { password: wrong() });
      expect((await checkPassword(other, "/api/auth/verify-password", { password: other.password })).status).toBe(200);
      const session = await call(server, "GET", "/api/auth/get-session", { headers: { cookie: victim.cookie, "x-forwarded-for": freshIp() } });
      expect([session.status, session.body.user.email]).toEqual([200, victim.email]);
    });

    it("without a session nothing is counted: the route's own 401", async () => {
      const res = await call(server, "POST", "/api/auth/verify-password", { headers: { origin: server.url, "x-forwarded-for": freshIp() }, json: { password: wrong() } });
      expect(res.status).toBe(401);
    });
  });

  describe("sign-up per target email, whatever the IP", () => {
    it("an email that has an account: the sign-up and 4 probes, then 429", async () => {
      const email = uniqueEmail("target");
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signUpWith(email)).status);
      expect(statuses).toEqual([200, 422, 422, 422, 422]);
      const refused = await signUpWith(email);
      expectRefused(refused, SIGN_UP_REFUSAL, 5, 3600);
      expect(refused.headers.getSetCookie()).toEqual([]);
    });

    it("an email that has none: 5 failed attempts, then 429 for a good one too, and no account is made", async () => {
      const email = uniqueEmail("target");
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signUpWith(email, "short")).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      expectRefused(await signUpWith(email), SIGN_UP_REFUSAL, 5, 3600);
      expect((await signIn(email, "short", { "x-forwarded-for": freshIp() })).status).toBe(401);
    });

    it("counts the email as Better Auth does: case and surrounding spaces are the same address", async () => {
      const email = uniqueEmail("target");
      const spellings = [email.toUpperCase(), ` ${email}`, `${email} `, email.replace(/^./, (c) => c.toUpperCase())];
      const statuses: number[] = [];
      for (const spelling of spellings) statuses.push((await signUpWith(spelling)).status);
      expect(statuses.every((s) => s < 500 && s !== 429)).toBe(true);
      expect((await signUpWith(email)).status).not.toBe(429); // the fifth
      expectRefused(await signUpWith(email), SIGN_UP_REFUSAL, 5, 3600);
    });

    it("one address's limit leaves the others alone", async () => {
      const email = uniqueEmail("target");
      for (let i = 0; i < 6; i++) await signUpWith(email);
      expect((await signUpWith(uniqueEmail("other"))).status).toBe(200);
    });
  });
});

describe("Redis configured but not answering", () => {
  let down: AppServer;
  beforeAll(async () => {
    // Port 1: nothing listens there, so every connection is refused.
    down = await startAppServer({ env: { AUTH_RATE_LIMIT: "on", TRUSTED_IP_HEADER: "x-forwarded-for", REDIS_URL: "redis://127.0.0.1:1" } });
  });
  afterAll(() => down?.stop());

  // The real cause, in words that name no product or address.
  const STORE_DOWN = problems.unavailable("The rate-limit store is not answering; try again shortly.");

  it.each([
    ["sign-in", "/api/auth/sign-in/email", () => ({ email: uniqueEmail("nobody"), password: wrong() })],
    ["sign-up", "/api/auth/sign-up/email", () => ({ name: "Nobody", email: uniqueEmail("nobody"), password: "password123" })],
  ])("%s is a 503 problem saying the limits cannot count, with Retry-After, never an unlimited pass", async (_name, path, body) => {
    const res = await call(down, "POST", path, { headers: { origin: down.url, "x-forwarded-for": freshIp() }, json: body() });
    expect([res.status, res.headers.get("content-type"), res.body]).toEqual([503, "application/problem+json", STORE_DOWN]);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(res.text).not.toMatch(/redis|ECONNREFUSED|127\.0\.0\.1|database/i);
  });

  it("routes that take no credentials pass uncounted: session reads, JWT keys, sign-out", async () => {
    const headers = { origin: down.url, "x-forwarded-for": freshIp() };
    const session = await call(down, "GET", "/api/auth/get-session", { headers });
    expect([session.status, session.text]).toEqual([200, "null"]);
    const keys = await call(down, "GET", "/api/auth/jwks", { headers });
    expect(keys.status).toBe(200);
    expect(keys.body.keys.length).toBeGreaterThan(0);
    const signOut = await call(down, "POST", "/api/auth/sign-out", { headers, json: {} });
    expect(signOut.status).toBe(200);
  });
});
