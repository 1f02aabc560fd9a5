import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/read-json";
import { openApiDocument } from "@/lib/openapi/document";
import { signUp, uniqueEmail, type ApiResponse, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { betterAuthEndpoints, type AuthEndpoint } from "../support/auth-endpoints";
import { componentViolations } from "../support/contract";
import { logViolations } from "../support/log-audit";
import { buildRequest, queryForms, type Built } from "../support/limit-requests";
import type { Target } from "../support/limit-targets";
import { LimitRun, listFindings } from "../support/limit-tally";
import { coreLimits, limitValues, LIMITS_SEED, type Limit } from "../support/limit-values";
import { rawRequest } from "../support/raw-http";

// Every field, query parameter and path parameter of every Better Auth route the app's
// instance has (auth-endpoints.ts), given the values at the limits of its kind. Properties:
// - no answer is a 5xx; every refusal is Better Auth's { code, message } or one of our
//   problems; no redirect leaves the app's origin;
// - a value PostgreSQL cannot store is a 422 problem before Better Auth sees it, a name
//   that shows nothing is refused, a body over 16 KiB is a 413 and one at it is not;
// - what a write accepts reads back equal: the name (trimmed), email (lower-cased) and
//   image of a sign-up and an update-user through get-session, a changed password by
//   signing in with it;
// - what is refused changes nothing: the account, its sessions, and no account is made;
// - the log holds only the logger's JSON lines, and none of the values sent.

// Routes where each request hashes a password (scrypt): these get one value of each class
// (coreLimits) rather than all, or the run would take minutes.
const HASHES = new Set(["/sign-up/email", "/sign-in/email", "/change-password", "/verify-password", "/delete-user"]);
// Requests that can end the account's session: it is checked, and renewed, after each.
const BASE_PASSWORD = "password-limits-123";

const endpoints = await betterAuthEndpoints();
// This file audits the server's log itself, for every value it sent (the last test).
const { server } = useAppServer({ logAudit: false });
const run = new LimitRun();
const PROBLEM_TITLES = new Map(openApiDocument().components["x-problem-types"].map((p) => [p.type, p.title]));

/** The account the routes act on: its password and current session, and what it looked like. */
type Account = { user: TestUser; password: string; cookie: string; snapshot: string; refusedSince: string[] };
let account: Account;

const headersOf = () => ({ origin: server.url, cookie: account.cookie });

function send(built: Pick<Built, "method" | "path" | "headers" | "body">): Promise<ApiResponse> {
  return rawRequest(server.url, built);
}

const post = (path: string, body: unknown, headers: Record<string, string> = headersOf()) =>
  send({ method: "POST", path: `/api/auth${path}`, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });

function sessionCookieOf(res: ApiResponse): string | undefined {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("better-auth.session_token=") && !c.endsWith("="));
}

async function signIn(): Promise<void> {
  const res = await post("/sign-in/email", { email: account.user.email, password: account.password }, { origin: server.url });
  const cookie = sessionCookieOf(res);
  if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  account.cookie = cookie;
}

/** The account as the API shows it: its user fields and its sessions. */
async function snapshot(): Promise<string> {
  const session = await send({ method: "GET", path: "/api/auth/get-session", headers: headersOf() });
  if (!session.body?.user) {
    await signIn(); // an accepted sign-out or revocation ended it
    return snapshot();
  }
  const { name, email, image, emailVerified } = session.body.user;
  const sessions = await send({ method: "GET", path: "/api/auth/list-sessions", headers: headersOf() });
  const ids = (sessions.body as { id: string }[]).map((s) => s.id).sort();
  return JSON.stringify({ name, email, image, emailVerified, sessions: ids });
}

// The valid request each route's values go into; a route not listed gets an empty body.
function baseOf(path: string, groupEmail: string): { body?: Record<string, unknown>; query?: Record<string, string>; param?: string } {
  const { email } = account.user;
  const bases: Record<string, ReturnType<typeof baseOf>> = {
    "/sign-up/email": { body: { name: "Limits", email: groupEmail, password: BASE_PASSWORD } },
    "/sign-in/email": { body: { email, password: account.password } },
    "/sign-in/social": { body: { provider: "github", callbackURL: "/" } },
    "/link-social": { body: { provider: "github", callbackURL: "/" } },
    "/reset-password": { body: { newPassword: BASE_PASSWORD, token: "no-such-token" } },
    "/verify-password": { body: { password: account.password } },
    "/verify-email": { query: { token: "no-such-token" } },
    "/send-verification-email": { body: { email } },
    "/change-email": { body: { newEmail: groupEmail } },
    // The current password is right: a new one that is accepted is then the account's.
    "/change-password": { body: { currentPassword: account.password, newPassword: `${BASE_PASSWORD}-next` } },
    "/update-user": { body: { name: "Limits" } },
    // Never the right password: the account is not deleted by a value that happens to pass.
    "/delete-user": { body: { password: "not-the-password" } },
    "/request-password-reset": { body: { email, redirectTo: "/" } },
    "/reset-password/:token": { param: "no-such-token", query: { callbackURL: "/" } },
    "/revoke-session": { body: { token: "no-such-token" } },
    "/unlink-account": { body: { providerId: "github" } },
    "/refresh-token": { body: { accountId: "no-such-account" } },
    "/get-access-token": { body: { accountId: "no-such-account" } },
    "/account-info": { query: { accountId: "no-such-account" } },
    "/delete-user/callback": { query: { token: "no-such-token" } },
    "/callback/:id": { param: "github" },
  };
  return bases[path] ?? {};
}

function valuesFor(endpoint: AuthEndpoint, target: Target): Limit[] {
  const values = limitValues(target.shape, target.in === "body" ? MAX_BODY_BYTES : undefined);
  if (target.in === "query") values.push(...queryForms(target.name, target.shape));
  const chosen = HASHES.has(endpoint.path) ? coreLimits(values) : values;
  if (target.in === "path") return chosen.filter((limit) => !["", ".", ".."].includes(limit.value as string));
  return chosen;
}

// ---------------------------------------------------------------------------------------

function answerFindings(target: Target, limit: Limit, built: Built, res: ApiResponse): string[] {
  if (res.status >= 500) return [`${res.status}: ${res.text.slice(0, 200)}`];
  if (res.status === 431 && res.text === "") return []; // Node's own answer to a request line past 16 KiB
  const found: string[] = [];
  const type = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  if (res.status >= 400) {
    if (type === "application/problem+json") {
      found.push(...componentViolations("Problem", res.body));
      if (res.body?.status !== res.status) found.push(`problem status ${res.body?.status} on a ${res.status}`);
      if (PROBLEM_TITLES.get(res.body?.type) !== res.body?.title) found.push(`problem title ${JSON.stringify(res.body?.title)} for ${res.body?.type}`);
    } else if (type === "application/json") {
      // Better Auth's error (the AuthError component): a message, and usually a code.
      if (typeof res.body?.message !== "string") found.push(`not Better Auth's { code, message }: ${res.text.slice(0, 200)}`);
      else found.push(...componentViolations("AuthError", res.body));
    } else {
      found.push(`a ${res.status} with ${JSON.stringify(type)}: ${res.text.slice(0, 200)}`);
    }
  }
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get("location");
    if (location && new URL(location, server.url).origin !== server.url) found.push(`redirects to another origin: ${location.slice(0, 200)}`);
  }
  const nul = typeof limit.value === "string" && limit.value.includes("\u0000");
  if ((target.in === "body" && limit.unstorable) || (target.in !== "body" && nul)) {
    if (res.status !== 422 || res.body?.type !== "urn:tasks:problem:validation-failed") found.push(`a value PostgreSQL cannot store answered ${res.status}, not the 422 problem`);
  }
  if (res.status < 300 && built.method === "POST" && target.in === "body" && limit.blank && target.shape.trimmed) found.push("accepted a name that shows nothing");
  if (limit.bodyBytes !== undefined) {
    const bytes = Buffer.byteLength(built.body ?? "");
    if (bytes > MAX_BODY_BYTES && res.status !== 413) found.push(`a body of ${bytes} bytes answered ${res.status}, not 413`);
    if (bytes <= MAX_BODY_BYTES && res.status === 413) found.push(`a body of ${bytes} bytes, within the limit, answered 413`);
  }
  return found;
}

type Sent = Record<string, any>;

/** What an accepted write should have done, read back through the API. */
async function roundTrip(path: string, json: Sent, res: ApiResponse): Promise<string[]> {
  const found: string[] = [];
  const expectUser = (where: string, user: Sent | undefined, fields: Sent) => {
    for (const [key, expected] of Object.entries(fields)) {
      if (user?.[key] !== expected) found.push(`${where}: ${key} reads ${JSON.stringify(user?.[key])?.slice(0, 120)}, sent ${JSON.stringify(expected)?.slice(0, 120)}`);
    }
  };
  if (path === "/sign-up/email") {
    const fields = { name: String(json.name).trim(), email: String(json.email).toLowerCase(), image: json.image ?? null };
    expectUser("the sign-up's answer", res.body?.user, fields);
    const cookie = sessionCookieOf(res);
    const session = await send({ method: "GET", path: "/api/auth/get-session", headers: { cookie: cookie ?? "" } });
    expectUser("get-session after sign-up", session.body?.user, fields);
  }
  if (path === "/update-user") {
    const session = await send({ method: "GET", path: "/api/auth/get-session", headers: headersOf() });
    const fields: Sent = {};
    if ("name" in json) fields.name = String(json.name).trim();
    if ("image" in json) fields.image = json.image;
    expectUser("get-session after update-user", session.body?.user, fields);
  }
  if (path === "/change-password") {
    account.password = json.newPassword;
    const signIn = await post("/sign-in/email", { email: account.user.email, password: account.password }, { origin: server.url });
    if (signIn.status !== 200) found.push(`signing in with the new password answered ${signIn.status} ${signIn.text.slice(0, 200)}`);
  }
  return found;
}

async function tryValue(endpoint: AuthEndpoint, target: Target, limit: Limit, group: { email: string }): Promise<void> {
  const key = `${endpoint.method} /api/auth${endpoint.path}`;
  const base = baseOf(endpoint.path, group.email);
  const query = { ...base.query };
  delete query[target.name];
  const body = endpoint.method === "GET" ? undefined : (base.body ?? {});
  const built = buildRequest({ ...target, base: body }, limit, {
    method: endpoint.method,
    template: `/api/auth${endpoint.path.replace(/:\w+/, "{id}")}`,
    id: base.param ?? "x",
    headers: headersOf(),
    body,
    query,
  });
  if ("skipped" in built) return run.count(key, target.label, "skipped");
  run.remember(built.sent);
  const res = await send(built);
  run.count(key, target.label, res.status);
  const where = `${target.label} = ${limit.label}`;
  const found = answerFindings(target, limit, built, res).map((f) => `${where}: ${f}`);
  const json = (built.json ?? {}) as Sent;
  if (endpoint.path === "/sign-up/email" && res.body?.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" && target.name !== "email") {
    found.push(`${where}: the group's email has an account, though no sign-up with it was accepted (after: ${account.refusedSince.slice(-6).join("; ")})`);
  }
  if (res.status < 400 && endpoint.method === "POST") {
    found.push(...(await roundTrip(endpoint.path, json, res)).map((f) => `${where}: ${f}`));
    if (endpoint.path === "/sign-up/email") group.email = uniqueEmail("limits");
    account.snapshot = await snapshot();
    account.refusedSince = [];
  } else if (endpoint.method === "POST") {
    account.refusedSince.push(where);
  }
  for (const f of found) run.finding(key, f);
}

/** After a target's values: the account is as the last accepted write left it, and no sign-up made one. */
async function groupCheck(key: string, endpoint: AuthEndpoint, target: Target, group: { email: string }): Promise<void> {
  const now = await snapshot();
  if (now !== account.snapshot) {
    run.finding(key, `${target.label}: the account changed without an accepted write: ${now.slice(0, 300)} (was ${account.snapshot.slice(0, 300)}; after: ${account.refusedSince.slice(-6).join("; ")})`);
    account.snapshot = now;
  }
  if (endpoint.path === "/sign-up/email" && target.name !== "email") {
    const probe = await post("/sign-in/email", { email: group.email, password: BASE_PASSWORD }, { origin: server.url });
    if (probe.status === 200) run.finding(key, `${target.label}: a refused sign-up made an account (${group.email})`);
  }
  account.refusedSince = [];
}

beforeAll(async () => {
  console.info(`[limits] /api/auth: seed ${LIMITS_SEED}`);
  const user = await signUp(server, "Limits");
  account = { user, password: user.password, cookie: user.cookie, snapshot: "", refusedSince: [] };
  account.snapshot = await snapshot();
});

afterAll(() => {
  console.log(run.table(`/api/auth on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`));
});

it("finds Better Auth's routes, the documented ones among them", () => {
  const found = new Set(endpoints.map((e) => `${e.method} /api/auth${e.path}`));
  const documented = Object.entries(openApiDocument().paths)
    .filter(([template]) => template.startsWith("/api/auth"))
    .flatMap(([template, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${template}`));
  expect(documented.filter((route) => !found.has(route))).toEqual([]);
  for (const route of ["POST /api/auth/update-user", "POST /api/auth/change-password", "POST /api/auth/revoke-session", "GET /api/auth/list-sessions"]) {
    expect(found).toContain(route);
  }
});

describe.each(endpoints.map((e) => [`${e.method} /api/auth${e.path}`, e] as const))("%s", (key, endpoint) => {
  it("holds every property for every value at the limits of every field and parameter", async () => {
    if (endpoint.targets.length === 0) {
      const res = await send({ method: endpoint.method, path: `/api/auth${endpoint.path}`, headers: headersOf() });
      run.count(key, "(no fields)", res.status);
      for (const f of answerFindings({ label: "", in: "query", name: "", path: [], shape: { kind: "any" }, required: false }, { label: "", value: "" }, { method: endpoint.method, path: "", sent: [] }, res)) {
        run.finding(key, f);
      }
    }
    for (const target of endpoint.targets) {
      const group = { email: uniqueEmail("limits") };
      for (const limit of valuesFor(endpoint, target)) await tryValue(endpoint, target, limit, group);
      await groupCheck(key, endpoint, target, group);
    }
    const found = run.findings(key);
    expect(found, listFindings(found)).toEqual([]);
  }, 120_000);
});

it("the log holds only the logger's JSON lines, and none of the values sent", async () => {
  await new Promise((resolve) => setTimeout(resolve, 200)); // the logger writes asynchronously
  const violations = logViolations(server.output(), [...run.sent, account.password, account.cookie.split("=")[1]!]);
  expect(violations, listFindings(violations)).toEqual([]);
});
