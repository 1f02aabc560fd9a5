import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// Requests that try to be something else: method-override headers, Next.js internal
// headers (the 2025 middleware bypass, CVE-2025-29927), methods no route takes.

const { server, users, as } = useAppServer({ users: ["Alice"] });

const OVERRIDES = ["x-http-method-override", "x-http-method", "x-method-override"];

describe("method override headers are ignored", () => {
  it.each(OVERRIDES)("GET with %s: DELETE reads, deletes nothing", async (header) => {
    const task = await createTask(server, users.Alice, { title: "keep me" });
    const res = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice"), headers: { [header]: "DELETE" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(task);
    expect((await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") })).body).toEqual(task);
  });

  it.each(OVERRIDES)("POST to a task with %s: PATCH is not a PATCH (405), the task unchanged", async (header) => {
    const task = await createTask(server, users.Alice, { title: "keep me" });
    const res = await call(server, "POST", `/api/tasks/${task.id}`, { as: as("Alice"), headers: { [header]: "PATCH" }, json: { title: "changed" } });
    expect(res.status).toBe(405);
    expect((await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") })).body).toEqual(task);
  });

  it.each(OVERRIDES)("POST /api/tasks with %s: DELETE creates, as a POST does", async (header) => {
    const done = await createTask(server, users.Alice, { title: "done", completed: true });
    const res = await call(server, "POST", "/api/tasks?status=completed", { as: as("Alice"), headers: { [header]: "DELETE" }, json: { title: "new" } });
    expect(res.status).toBe(201);
    expect(res.body.title).toBe("new");
    // Not read as DELETE /api/tasks?status=completed: the completed task is still there.
    expect((await call(server, "GET", `/api/tasks/${done.id}`, { as: as("Alice") })).status).toBe(200);
  });
});

describe("Next.js internal headers change nothing", () => {
  const INTERNAL: Record<string, string>[] = [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-middleware-invoke": "1" },
    { "x-invoke-path": "/api/health", "x-invoke-query": "{}" },
    { "x-nextjs-data": "1" },
    { "x-now-route-matches": "1" },
    { "x-middleware-rewrite": "/api/health" },
    { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
  ];

  it.each(INTERNAL)("%j without credentials: still 401", async (headers) => {
    for (const path of ["/api/tasks", "/api/tasks/summary"]) {
      const res = await call(server, "GET", path, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(problems.unauthorized.session);
    }
  });

  it("x-middleware-subrequest with credentials still sees only the caller's tasks", async () => {
    const res = await call(server, "GET", "/api/tasks", {
      as: as("Alice"),
      headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    });
    expect(res.status).toBe(200);
  });
});

describe("methods no route takes", () => {
  const task = "00000000-0000-7000-8000-000000000000";
  it.each([
    ["PUT", "/api/tasks", "GET, HEAD, POST, DELETE, OPTIONS"],
    ["PATCH", "/api/tasks", "GET, HEAD, POST, DELETE, OPTIONS"],
    ["POST", `/api/tasks/${task}`, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
    ["POST", `/api/tasks/${task}/complete`, "PATCH, OPTIONS"],
    ["GET", `/api/tasks/${task}/complete`, "PATCH, OPTIONS"],
    ["DELETE", "/api/tasks/summary", "GET, HEAD, OPTIONS"],
    ["POST", "/api/tasks/changes", "GET, HEAD, OPTIONS"],
    ["GET", "/api/tasks/batch", "POST, OPTIONS"],
    ["DELETE", "/api/health", "GET, HEAD, OPTIONS"],
    ["POST", "/api/health/live", "GET, HEAD, OPTIONS"],
    ["POST", "/api/openapi.json", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/metrics", "GET, HEAD, OPTIONS"],
    ["PUT", "/api/auth/sign-in/email", "GET, HEAD, POST, OPTIONS"],
    ["DELETE", "/api/auth/sign-out", "GET, HEAD, POST, OPTIONS"],
  ])("%s %s: 405 problem with Allow and a request id, before any handler runs", async (method, path, allow) => {
    const res = await call(server, method, path, { as: as("Alice"), headers: { "x-request-id": "methods-test-1" } });
    expect([res.status, res.headers.get("allow"), res.headers.get("content-type"), res.headers.get("x-request-id")]).toEqual([
      405,
      allow,
      "application/problem+json",
      "methods-test-1",
    ]);
    expect(res.body).toEqual(problems.methodNotAllowed(allow));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each([
    ["/api/tasks", "GET, HEAD, POST, DELETE, OPTIONS"],
    [`/api/tasks/${task}/complete`, "PATCH, OPTIONS"],
    ["/api/health/live", "GET, HEAD, OPTIONS"],
  ])("OPTIONS %s: 204 with Allow and a request id", async (path, allow) => {
    const res = await call(server, "OPTIONS", path);
    expect([res.status, res.headers.get("allow"), res.text, typeof res.headers.get("x-request-id")]).toEqual([204, allow, "", "string"]);
  });

  it.each([
    ["GET", "/api"],
    ["GET", "/api/nope"],
    ["DELETE", "/api/nope/deeper"],
    ["GET", "/api/tasks/a/b"],
    ["PATCH", `/api/tasks/${task}/complete/again`],
    ["GET", "/api/auth/nope"],
    ["POST", "/api/auth/nope"],
  ])("%s %s, a path no route has: 404 problem with a request id, not Next's HTML page", async (method, path) => {
    const res = await call(server, method, path, { as: as("Alice"), headers: { "x-request-id": "methods-test-2" } });
    expect([res.status, res.headers.get("content-type"), res.headers.get("x-request-id")]).toEqual([
      404,
      "application/problem+json",
      "methods-test-2",
    ]);
    expect(res.body).toEqual(problems.noSuchEndpoint);
  });

  it.each(["PROPFIND", "FOO"])("%s on the API: refused (400), never run as another method", async (method) => {
    const res = await call(server, method, "/api/tasks", { as: as("Alice") });
    expect(res.status).toBe(400);
  });

  // fetch() cannot send TRACE; node:http can. Next itself cannot turn a TRACE into a
  // Request for a route handler (a 500 from the framework, no handler runs); what matters
  // is that nothing of the request comes back (cross-site tracing).
  it.each(["/api/tasks", "/"])("TRACE %s reflects nothing of the request", async (path) => {
    const { status, body } = await rawRequest("TRACE", path, { "x-secret": "sentinel-3f9a", cookie: users.Alice.cookie });
    if (path.startsWith("/api/")) expect(status).toBeGreaterThanOrEqual(400);
    expect(body).not.toContain("sentinel-3f9a");
    expect(body).not.toContain(users.Alice.cookie.split("=")[1]!);
  });
});

function rawRequest(method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.url + path, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
