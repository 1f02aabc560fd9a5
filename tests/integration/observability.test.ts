import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp, type ApiResponse, type CallOptions, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { problems } from "../support/problems";

// Logs and metrics of a real server: one access line per API request with exactly the
// documented fields, the request id echoed, slow-query lines by statement name, and none
// of the secrets or user data that went by on any line; /api/metrics behind its token.

const METRICS_TOKEN = "metrics-token-for-this-test-0123";
const TITLE = "Zebra-quartz-7781 plans for the heist"; // user data: must never be logged
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ACCESS_FIELDS = ["durationMs", "hostname", "level", "method", "msg", "pid", "requestId", "route", "status", "time"];
const SLOW_QUERY_FIELDS = ["durationMs", "hostname", "level", "msg", "pid", "statement", "time"];

type Line = Record<string, unknown>;

let server: AppServer;
let dark: AppServer; // METRICS_TOKEN unset
let output = ""; // everything the server wrote after start, stdout and stderr
let user: TestUser;
let taskId: string;
let onPostgres: boolean;
/** Every request this file made to `server` through the API wrapper, with the access line it expects. */
const made: { res: ApiResponse; expected: Line; sentId?: string }[] = [];

beforeAll(async () => {
  [server, dark] = await Promise.all([
    startAppServer({ env: { METRICS_TOKEN, SLOW_QUERY_MS: "0", LOG_LEVEL: "info" } }),
    startAppServer({ env: { METRICS_TOKEN: "" } }),
  ]);
  server.child.stdout!.on("data", (chunk) => (output += chunk));
  server.child.stderr!.on("data", (chunk) => (output += chunk));
  onPostgres = server.db.databaseUrl !== undefined;
  user = await signUp(server, "Olga");
});
afterAll(async () => {
  await Promise.all([server?.stop(), dark?.stop()]);
});

/** A request whose access line is checked at the end: `route` and `userId` are what it should log. */
async function logged(method: string, path: string, route: string, userId: string | undefined, options: CallOptions = {}) {
  const res = await call(server, method, path, options);
  const sentId = options.headers?.["x-request-id"];
  made.push({ res, sentId, expected: { method, route, status: res.status, ...(userId && { userId }) } });
  return res;
}

const jsonLines = (): Line[] =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Line);

/** Waits for the access lines of every request made (the logger writes asynchronously). */
async function accessLines(): Promise<Line[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const lines = jsonLines().filter((l) => l.msg === "request");
    const ids = new Set(lines.map((l) => l.requestId));
    if (made.every((m) => ids.has(m.res.headers.get("x-request-id"))) || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("requests", () => {
  it("echo a sane X-Request-Id, and replace any other with a UUID", async () => {
    const asCookie = { as: { user, via: "cookie" as const } };
    const asJwt = { as: { user, via: "jwt" as const } };
    const list = await logged("GET", "/api/tasks", "/api/tasks", user.id, { ...asCookie, headers: { "x-request-id": "client-req:1.a_b-c" } });
    expect([list.status, list.headers.get("x-request-id")]).toEqual([200, "client-req:1.a_b-c"]);

    const created = await logged("POST", "/api/tasks", "/api/tasks", user.id, {
      ...asJwt,
      json: { title: TITLE, description: `${TITLE} in detail` },
      headers: { "x-request-id": "x".repeat(128) },
    });
    expect([created.status, created.headers.get("x-request-id")]).toEqual([201, "x".repeat(128)]);
    taskId = created.body.id;

    for (const insane of ["x".repeat(129), "has space", "a/b", '"quoted"', "one, two"]) {
      const res = await logged("GET", `/api/tasks/${taskId}`, "/api/tasks/{id}", user.id, { ...asJwt, headers: { "x-request-id": insane } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    }
    const none = await logged("PATCH", `/api/tasks/${taskId}/complete`, "/api/tasks/{id}/complete", user.id, asCookie);
    expect([none.status, none.headers.get("x-request-id")]).toEqual([200, expect.stringMatching(UUID)]);
    await logged("GET", "/api/tasks/summary?tz=UTC", "/api/tasks/summary", user.id, asJwt);
    // One transaction (db_query_duration_seconds{statement="transaction"} on PostgreSQL).
    const batch = await logged("POST", "/api/tasks/batch", "/api/tasks/batch", user.id, {
      ...asJwt,
      json: { operations: [{ op: "create", body: { title: `${TITLE} again` } }, { op: "complete", id: taskId }] },
    });
    expect(batch.status).toBe(200);
  });

  it("echo it on problems too, and log no user for a caller who is not signed in", async () => {
    const anonymous = await logged("GET", "/api/tasks", "/api/tasks", undefined, { headers: { "x-request-id": "anon-1" } });
    expect([anonymous.status, anonymous.headers.get("x-request-id")]).toEqual([401, "anon-1"]);
    const badJwt = await logged("GET", "/api/tasks", "/api/tasks", undefined, { headers: { authorization: `Bearer ${user.jwt}x` } });
    expect([badJwt.status, badJwt.headers.get("x-request-id")]).toEqual([401, expect.stringMatching(UUID)]);
    const invalid = await logged("POST", "/api/tasks", "/api/tasks", user.id, { as: { user, via: "jwt" }, json: { title: "" } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("x-request-id")).toMatch(UUID);
  });

  it("to Better Auth are logged under their endpoint's name", async () => {
    const signIn = await logged("POST", "/api/auth/sign-in/email", "/api/auth/sign-in/email", undefined, {
      json: { email: user.email, password: user.password },
      headers: { origin: server.url },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get("x-request-id")).toMatch(UUID);
    const wrong = await logged("POST", "/api/auth/sign-in/email", "/api/auth/sign-in/email", undefined, {
      json: { email: user.email, password: `${user.password}-wrong` },
      headers: { origin: server.url },
    });
    expect(wrong.status).toBe(401);
    const token = await logged("GET", "/api/auth/token", "/api/auth/token", undefined, { headers: { cookie: user.cookie } });
    expect(token.status).toBe(200);
    const reset = await logged("GET", "/api/auth/reset-password/some-secret-token", "/api/auth/other", undefined);
    expect(reset.headers.get("x-request-id")).toMatch(UUID);
  });
});

describe("GET /api/metrics", () => {
  it("401 without the token or with a wrong one, asking for a Bearer", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${METRICS_TOKEN}x` }, { authorization: `Bearer ${user.jwt}` }];
    for (const headers of attempts) {
      const res = await logged("GET", "/api/metrics", "/api/metrics", undefined, { headers });
      expect([res.status, res.headers.get("www-authenticate"), res.body]).toEqual([
        401,
        'Bearer realm="metrics"',
        problems.unauthorized.metrics,
      ]);
    }
  });

  it("200 with it: the request counters and histograms by route, rate limits, pool and query metrics", async () => {
    const res = await logged("GET", "/api/metrics", "/api/metrics", undefined, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const value = (series: string) => res.text.split("\n").find((l) => l.startsWith(`${series} `))?.slice(series.length + 1);
    expect({
      list: value('http_requests_total{method="GET",route="/api/tasks",status="200"}'),
      anonymous: value('http_requests_total{method="GET",route="/api/tasks",status="401"}'),
      one: value('http_requests_total{method="GET",route="/api/tasks/{id}",status="200"}'),
      complete: value('http_requests_total{method="PATCH",route="/api/tasks/{id}/complete",status="200"}'),
      batch: value('http_requests_total{method="POST",route="/api/tasks/batch",status="200"}'),
      signIn: value('http_requests_total{method="POST",route="/api/auth/sign-in/email",status="200"}'),
      signInRefused: value('http_requests_total{method="POST",route="/api/auth/sign-in/email",status="401"}'),
      refusedScrapes: value('http_requests_total{method="GET",route="/api/metrics",status="401"}'),
      completeTimed: value('http_request_duration_seconds_count{method="PATCH",route="/api/tasks/{id}/complete",status="200"}'),
      completeFast: value('http_request_duration_seconds_bucket{le="5",method="PATCH",route="/api/tasks/{id}/complete",status="200"}'),
      api: value('rate_limit_rejections_total{limiter="api"}'),
      authIp: value('rate_limit_rejections_total{limiter="auth_ip"}'),
      authAccount: value('rate_limit_rejections_total{limiter="auth_account"}'),
    }).toStrictEqual({
      list: "1",
      anonymous: "2",
      one: "5",
      complete: "1",
      batch: "1",
      signIn: "1",
      signInRefused: "1",
      refusedScrapes: "3",
      completeTimed: "1",
      completeFast: "1",
      api: "0",
      authIp: "0",
      authAccount: "0",
    });
    expect(res.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // No raw path, id or token ever becomes a label.
    expect(res.text).not.toContain(taskId);
    expect(res.text).not.toContain("some-secret-token");
    if (onPostgres) {
      // The pool's gate (db/pool-gate.ts), read at scrape time, and every statement by name.
      expect(value("db_pool_size")).toBe("15");
      expect(value("db_pool_in_use")).toMatch(/^\d+$/);
      expect(value("db_pool_waiting")).toBe("0");
      expect(Number(value('db_query_duration_seconds_count{statement="insert tasks"}'))).toBeGreaterThanOrEqual(1);
      expect(Number(value('db_query_duration_seconds_count{statement="transaction"}'))).toBeGreaterThanOrEqual(1);
    } else {
      // PGlite: no pool, and its statements are not timed (README, Operations).
      expect(res.text).not.toMatch(/^db_pool_/m);
      expect(res.text).not.toMatch(/^db_query_duration_seconds_count/m);
    }
  });

  it("is a plain 404 problem when METRICS_TOKEN is unset, token or not", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${METRICS_TOKEN}` }];
    for (const headers of attempts) {
      const res = await call(dark, "GET", "/api/metrics", { headers });
      expect([res.status, res.headers.get("content-type"), res.headers.get("www-authenticate"), res.body]).toEqual([
        404,
        "application/problem+json",
        null,
        problems.notFoundWithoutDetail,
      ]);
    }
  });
});

describe("the log", () => {
  it("has one access line per request, with exactly the documented fields", async () => {
    const lines = await accessLines();
    for (const { res, expected, sentId } of made) {
      const id = res.headers.get("x-request-id")!;
      if (sentId !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(sentId)) expect(id).toBe(sentId);
      const mine = lines.filter((l) => l.requestId === id);
      expect(mine, `${expected.method} ${expected.route} ${id}`).toHaveLength(1);
      const [line] = mine as [Line];
      expect(Object.keys(line).sort()).toEqual([...ACCESS_FIELDS, ...(expected.userId ? ["userId"] : [])].sort());
      expect(line).toMatchObject({ ...expected, level: "info", msg: "request", pid: server.child.pid });
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
    }
  });

  it("never holds a password, token, cookie, or the user's data", async () => {
    await accessLines();
    const sessionToken = decodeURIComponent(user.cookie.split("=")[1]!);
    const secrets = {
      password: user.password,
      jwt: user.jwt,
      "jwt signature": user.jwt.split(".")[2]!,
      "session token": sessionToken.split(".")[0]!,
      cookie: user.cookie,
      "metrics token": METRICS_TOKEN,
      title: "Zebra-quartz",
      email: user.email,
      "reset token": "some-secret-token",
    };
    expect(output.length).toBeGreaterThan(0);
    const found = Object.entries(secrets).filter(([, secret]) => output.includes(secret)).map(([name]) => name);
    expect(found).toEqual([]);
    expect(output).not.toMatch(/authorization|set-cookie|"cookie"|params:/i);
  });

  it("names slow statements (SLOW_QUERY_MS=0: all of them) without their values", async () => {
    const slow = jsonLines().filter((l) => l.msg === "slow query");
    if (!onPostgres) {
      expect(slow).toEqual([]); // PGlite is not timed
      return;
    }
    expect(slow.length).toBeGreaterThan(10);
    for (const line of slow) {
      expect(Object.keys(line).sort()).toEqual(SLOW_QUERY_FIELDS);
      expect(line).toMatchObject({ level: "warn", statement: expect.stringMatching(/^[a-z]+( [a-z_]+)?$/), durationMs: expect.any(Number) });
    }
    const names = new Set(slow.map((l) => l.statement));
    expect([...names]).toEqual(expect.arrayContaining(["insert tasks", "select tasks", "select sessions", "update tasks", "transaction"]));
  });
});
