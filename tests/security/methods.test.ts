import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

});

// Methods Next.js does not dispatch (it knows GET, HEAD, POST, PUT, PATCH, DELETE and
// OPTIONS): Node's parser takes them, Next answered a bare 400 (a 500 and a stack trace in
// the log for TRACE, which fetch's Request refuses to build). Every route answers them with
// the 405 problem it answers a known method with, the UI with GET and HEAD as its Allow.
describe("methods Next.js does not know", () => {
  const task = "00000000-0000-7000-8000-000000000000";
  const METHODS = ["TRACE", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PURGE", "SEARCH", "QUERY", "REPORT", "LINK", "M-SEARCH"];
  const API_ROUTES: [string, string][] = [
    ["/api/tasks", "GET, HEAD, POST, DELETE, OPTIONS"],
    [`/api/tasks/${task}`, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"],
    [`/api/tasks/${task}/complete`, "PATCH, OPTIONS"],
    ["/api/tasks/summary?tz=UTC", "GET, HEAD, OPTIONS"],
    ["/api/tasks/changes", "GET, HEAD, OPTIONS"],
    ["/api/tasks/batch", "POST, OPTIONS"],
    ["/api/health", "GET, HEAD, OPTIONS"],
    ["/api/health/live", "GET, HEAD, OPTIONS"],
    ["/api/metrics", "GET, HEAD, OPTIONS"],
    ["/api/openapi.json", "GET, HEAD, OPTIONS"],
    ["/api/auth/get-session", "GET, HEAD, POST, OPTIONS"],
    ["/api/auth/sign-in/email", "GET, HEAD, POST, OPTIONS"],
    ["/api/auth/change-password", "GET, HEAD, POST, OPTIONS"],
    ["/docs", "GET, HEAD, OPTIONS"],
    ["/docs/scalar.js", "GET, HEAD, OPTIONS"],
  ];
  const UI_PATHS = ["/", "/?x=1", "/tasks/0190f3a0-0000-7000-8000-00000000dead", "/no-such-page", "/_next/static/x.js", "/favicon.ico"];

  let output = ""; // what the server writes while these run
  const listen = (chunk: Buffer) => (output += chunk.toString());
  beforeAll(() => {
    server.child.stdout!.on("data", listen);
    server.child.stderr!.on("data", listen);
  });
  afterAll(() => {
    server.child.stdout!.off("data", listen);
    server.child.stderr!.off("data", listen);
  });

  const cases = METHODS.flatMap((method) => API_ROUTES.map(([path, allow]) => [method, path, allow] as const));
  it.each(cases)("%s %s: 405 problem with the route's Allow and a request id", async (method, path, allow) => {
    const res = await rawRequest(method, path, { "x-request-id": "methods-test-3", cookie: users.Alice.cookie });
    expect([res.status, res.headers.allow, res.headers["content-type"], res.headers["x-request-id"]]).toEqual([
      405,
      allow,
      "application/problem+json",
      "methods-test-3",
    ]);
    expect(JSON.parse(res.body)).toEqual(problems.methodNotAllowed(allow));
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it.each(METHODS.flatMap((method) => UI_PATHS.map((path) => [method, path] as const)))(
    "%s %s (the UI): 405 problem with Allow: GET, HEAD",
    async (method, path) => {
      const res = await rawRequest(method, path, { cookie: users.Alice.cookie });
      expect([res.status, res.headers.allow, res.headers["content-type"]]).toEqual([405, "GET, HEAD", "application/problem+json"]);
      expect(JSON.parse(res.body)).toEqual(problems.methodNotAllowed("GET, HEAD"));
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    },
  );

  it.each(["TRACE", "PROPFIND"])("%s on a path no API route has: the 404 every method gets there", async (method) => {
    const res = await rawRequest(method, "/api/nope", {});
    expect([res.status, res.headers["content-type"], JSON.parse(res.body)]).toEqual([404, "application/problem+json", problems.noSuchEndpoint]);
  });

  it("runs no handler as another method: TRACE on a task changes and reveals nothing", async () => {
    const mine = await createTask(server, users.Alice, { title: "keep me" });
    for (const method of ["TRACE", "PURGE", "MOVE"]) {
      const res = await rawRequest(method, `/api/tasks/${mine.id}`, { authorization: `Bearer ${users.Alice.jwt}`, "x-secret": "sentinel-3f9a" });
      expect(res.status).toBe(405);
      expect(res.body).not.toContain("sentinel-3f9a");
      expect(res.body).not.toContain("keep me");
    }
    expect((await call(server, "GET", `/api/tasks/${mine.id}`, { as: as("Alice") })).body).toEqual(mine);
  });

  it("a client's own x-tasks-refused-method header changes nothing", async () => {
    const res = await call(server, "OPTIONS", "/api/tasks", { headers: { "x-tasks-refused-method": "TRACE" } });
    expect([res.status, res.headers.get("allow")]).toEqual([204, "GET, HEAD, POST, DELETE, OPTIONS"]);
    const get = await call(server, "GET", "/api/health/live", { headers: { "x-tasks-refused-method": "TRACE" } });
    expect(get.status).toBe(200);
  });

  // Node's own parser knows no method by these names (HTTP methods are case-sensitive):
  // it answers 400 and closes before any JavaScript, Next's or ours, sees the request.
  // CONNECT is Node's too: with no tunnel to offer, it closes the connection.
  it.each([
    ["get", "HTTP/1.1 400 Bad Request"],
    ["FOO", "HTTP/1.1 400 Bad Request"],
    ["Trace", "HTTP/1.1 400 Bad Request"],
    ["CONNECT", ""],
  ])("%s: refused by Node itself (%j), nothing logged", async (method, statusLine) => {
    const before = output.length;
    const answer = await rawSocket(`${method} ${method === "CONNECT" ? "127.0.0.1:1" : "/api/tasks"} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.split("\r\n")[0]).toBe(statusLine);
    expect(output.slice(before)).toBe("");
  });

  it("the log holds the logger's JSON lines only, the refused method named in each access line", async () => {
    await rawRequest("TRACE", "/api/tasks", { "x-request-id": "methods-test-4" });
    await rawRequest("PROPFIND", "/", {});
    await new Promise((r) => setTimeout(r, 200)); // pino writes asynchronously
    const lines = output.split("\n").filter((line) => line !== "");
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(output).not.toMatch(/TypeError|unsupported|\bat \S+ \(/);
    const access = lines.map((line) => JSON.parse(line)).find((line) => line.requestId === "methods-test-4");
    expect(access).toMatchObject({ method: "TRACE", route: "/api/tasks", status: 405, msg: "request" });
  });
});

type RawResponse = { status: number; headers: Record<string, string | undefined>; body: string };

/** A request by node:http, which sends any method fetch() refuses (TRACE) or does not know. */
function rawRequest(method: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server.url + path, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers as Record<string, string | undefined>, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Bytes as written, for what node:http will not send (it upper-cases methods); the answer until the server closes. */
function rawSocket(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}
