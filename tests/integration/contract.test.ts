import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { call, createTask, signUp, uniqueEmail, type ApiResponse, type CallOptions, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { expectConforms } from "../support/contract";

// Real responses over real HTTP against /api/openapi.json: each request below gets the
// status it should, and the response is one the document allows for that operation
// (status documented, body valid against the declared schema and media type, required
// headers there). The last test checks that every documented operation was exercised.

let server: AppServer;
let alice: TestUser;
const asAlice = (via: "jwt" | "cookie" = "jwt") => ({ as: { user: alice, via } }) satisfies CallOptions;

beforeAll(async () => {
  // Vitest sets TEST=true, and a server that inherits it runs Better Auth in its test mode,
  // without the Origin check on /api/auth; this file checks what production answers.
  server = await startAppServer({ env: { TEST: "" } });
  alice = await signUp(server, "Alice");
});
afterAll(() => server?.stop());

const exercised = new Set<string>();

async function check(expected: number, method: string, template: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const res = await call(server, method, path, options);
  expect(res.status, `${method} ${path}: ${res.text.slice(0, 300)}`).toBe(expected);
  expectConforms(res, method, template);
  exercised.add(`${method} ${template}`);
  return res;
}

const task = () => createTask(server, alice, { title: "Contract", description: "d", priority: "low", dueDate: "2026-12-01" });
const json = (body: string) => ({ headers: { "content-type": "application/json" }, body });

describe("the task collection", () => {
  it.each<[string, number, string, () => CallOptions]>([
    ["a page", 200, "/api/tasks", () => asAlice()],
    ["a filtered page", 200, "/api/tasks?status=pending&limit=5", () => asAlice()],
    ["a bad limit", 400, "/api/tasks?limit=0", () => asAlice()],
    ["an unknown parameter", 400, "/api/tasks?page=2", () => asAlice()],
    ["no credentials", 401, "/api/tasks", () => ({})],
    ["the session cookie", 200, "/api/tasks", () => asAlice("cookie")],
  ])("GET /api/tasks: %s", async (_name, status, path, options) => {
    await check(status, "GET", "/api/tasks", path, options());
  });

  it.each<[string, number, () => CallOptions]>([
    ["every field", 201, () => ({ ...asAlice(), json: { title: "t", description: "d", priority: "high", dueDate: "2026-05-01T19:00:00+02:00", completed: true } })],
    ["an Idempotency-Key", 201, () => ({ ...asAlice(), json: { title: "t" }, headers: { "idempotency-key": `key-${Math.random()}` } })],
    ["malformed JSON", 400, () => ({ ...asAlice(), ...json('{"title":') })],
    ["an Idempotency-Key too long", 400, () => ({ ...asAlice(), json: { title: "t" }, headers: { "idempotency-key": "k".repeat(256) } })],
    ["no credentials", 401, () => ({ json: { title: "t" } })],
    ["a cookie from another origin", 403, () => ({ ...asAlice("cookie"), json: { title: "t" }, headers: { origin: "https://evil.example" } })],
    ["a body over 16 KiB", 413, () => ({ ...asAlice(), json: { title: "t", description: "x".repeat(17_000) } })],
    ["text/plain", 415, () => ({ ...asAlice(), headers: { "content-type": "text/plain" }, body: '{"title":"t"}' })],
    ["an empty title and a read-only field", 422, () => ({ ...asAlice(), json: { title: "", userId: "u" } })],
  ])("POST /api/tasks: %s", async (_name, status, options) => {
    await check(status, "POST", "/api/tasks", "/api/tasks", options());
  });

  it("POST /api/tasks: an Idempotency-Key reused with another body", async () => {
    const headers = { "idempotency-key": `reused-${Math.random()}` };
    const first = await check(201, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "one" }, headers });
    const replay = await check(201, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "one" }, headers });
    expect(replay.body).toEqual(first.body);
    await check(422, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "two" }, headers });
  });

  it("DELETE /api/tasks?status=completed: clears, and refuses without the status", async () => {
    await createTask(server, alice, { title: "done", completed: true });
    const res = await check(200, "DELETE", "/api/tasks", "/api/tasks?status=completed", asAlice());
    expect(res.body.deleted).toBeGreaterThanOrEqual(1);
    await check(400, "DELETE", "/api/tasks", "/api/tasks", asAlice());
  });
});

describe("one task", () => {
  it("GET: 200 with an ETag, 304 for that ETag, 404 for no such task", async () => {
    const { id } = await task();
    const res = await check(200, "GET", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
    await check(304, "GET", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), headers: { "if-none-match": res.headers.get("etag")! } });
    await check(404, "GET", "/api/tasks/{id}", "/api/tasks/00000000-0000-7000-8000-000000000000", asAlice());
  });

  it("PUT: 200, 412 for a stale If-Match, 422 for a bad body, 404", async () => {
    const { id } = await task();
    await check(200, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { title: "replaced" } });
    await check(412, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { title: "x" }, headers: { "if-match": '"1"' } });
    await check(422, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { description: "no title" } });
    await check(404, "PUT", "/api/tasks/{id}", "/api/tasks/not-a-task", { ...asAlice(), json: { title: "x" } });
  });

  it("PATCH: 200 with the current If-Match, 422 for an empty patch, 404", async () => {
    const { id } = await task();
    const current = await call(server, "GET", `/api/tasks/${id}`, asAlice());
    const headers = { "if-match": current.headers.get("etag")! };
    await check(200, "PATCH", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { priority: null }, headers });
    await check(422, "PATCH", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: {} });
    await check(404, "PATCH", "/api/tasks/{id}", "/api/tasks/not-a-task", { ...asAlice(), json: { title: "x" } });
  });

  it("PATCH complete: with a body, without one (toggle), 412, 422", async () => {
    const { id } = await task();
    const path = `/api/tasks/${id}/complete`;
    await check(200, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), json: { completed: true } });
    await check(200, "PATCH", "/api/tasks/{id}/complete", path, asAlice());
    await check(412, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), headers: { "if-match": '"1"' } });
    await check(422, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), json: { completed: "yes" } });
  });

  it("DELETE: 412 for a stale If-Match, 204, then 404", async () => {
    const { id } = await task();
    await check(412, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), headers: { "if-match": '"1"' } });
    await check(204, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
    await check(404, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
  });
});

describe("sync and batch", () => {
  it("GET /api/tasks/changes: a first sync, a later one, a bad token", async () => {
    const first = await check(200, "GET", "/api/tasks/changes", "/api/tasks/changes", asAlice());
    const { id } = await task();
    await call(server, "DELETE", `/api/tasks/${id}`, asAlice());
    const later = await check(200, "GET", "/api/tasks/changes", `/api/tasks/changes?since=${first.body.next}&limit=10`, asAlice());
    expect(later.body.deleted).toContain(id);
    await check(400, "GET", "/api/tasks/changes", "/api/tasks/changes?since=bogus", asAlice());
  });

  it("POST /api/tasks/batch: every kind of operation, then the failures that name one", async () => {
    const a = await task();
    const b = await task();
    const operations = [
      { op: "create", body: { title: "new" } },
      { op: "update", id: a.id, body: { title: "a2" } },
      { op: "complete", id: a.id },
      { op: "delete", id: b.id },
    ];
    await check(200, "POST", "/api/tasks/batch", "/api/tasks/batch", { ...asAlice(), json: { operations } });
    const missing = await check(404, "POST", "/api/tasks/batch", "/api/tasks/batch", {
      ...asAlice(),
      json: { operations: [{ op: "create", body: { title: "x" } }, { op: "delete", id: b.id }] },
    });
    expect(missing.body.detail).toMatch(/^Operation 1: /);
    const invalid = await check(422, "POST", "/api/tasks/batch", "/api/tasks/batch", {
      ...asAlice(),
      json: { operations: [{ op: "create", body: { title: "" } }] },
    });
    expect(invalid.body.errors).toEqual([{ path: "operations.0.body.title", message: "Must not be empty." }]);
  });
});

describe("auth", () => {
  const origin = () => ({ origin: server.url });

  it("signs up, refuses the same email and a short password", async () => {
    const email = uniqueEmail("carol");
    const body = { name: "Carol", email, password: "long enough password" };
    await check(200, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", { json: body, headers: origin() });
    await check(422, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", { json: body, headers: origin() });
    await check(400, "POST", "/api/auth/sign-up/email", "/api/auth/sign-up/email", {
      json: { ...body, email: uniqueEmail("dave"), password: "short" },
      headers: origin(),
    });
  });

  it("signs in, refuses a wrong password and a foreign origin", async () => {
    const path = "/api/auth/sign-in/email";
    await check(200, "POST", path, path, { json: { email: alice.email, password: alice.password }, headers: origin() });
    await check(401, "POST", path, path, { json: { email: alice.email, password: "wrong password" }, headers: origin() });
    await check(403, "POST", path, path, { json: { email: alice.email, password: alice.password }, headers: { origin: "https://evil.example" } });
  });

  it("hands out a JWT for a session only, and the keys to check it", async () => {
    const res = await check(200, "GET", "/api/auth/token", "/api/auth/token", asAlice("cookie"));
    const [, payload] = (res.body.token as string).split(".");
    expect(Object.keys(JSON.parse(Buffer.from(payload!, "base64url").toString())).sort()).toEqual(["aud", "exp", "iat", "iss", "sub"]);
    await check(401, "GET", "/api/auth/token", "/api/auth/token");
    await check(200, "GET", "/api/auth/jwks", "/api/auth/jwks");
  });

  it("signs out, and deletes an account", async () => {
    const [erin, frank] = await Promise.all([signUp(server, "Erin"), signUp(server, "Frank")]);
    await check(200, "POST", "/api/auth/sign-out", "/api/auth/sign-out", { as: { user: frank, via: "cookie" }, json: {} });
    const asErin = { as: { user: erin, via: "cookie" as const } };
    await check(400, "POST", "/api/auth/delete-user", "/api/auth/delete-user", { ...asErin, json: { password: "not erin's" } });
    await check(200, "POST", "/api/auth/delete-user", "/api/auth/delete-user", { ...asErin, json: { password: erin.password } });
  });
});

describe("the service", () => {
  it("answers the probes", async () => {
    await check(200, "GET", "/api/health", "/api/health");
    await check(200, "GET", "/api/health/live", "/api/health/live");
  });

  it("serves the document it is checked against", async () => {
    const res = await check(200, "GET", "/api/openapi.json", "/api/openapi.json");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.body).toStrictEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it("serves the reference at /docs, and its script from this origin", async () => {
    const page = await call(server, "GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const src = /<script src="(\/docs\/scalar\.js\?v=[^"]+)"/.exec(page.text)![1]!;
    const script = await fetch(server.url + src);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
  });
});

describe("the summary", () => {
  it("GET /api/tasks/summary: counts, in a time zone, and refuses an unknown one", async () => {
    await task();
    await check(200, "GET", "/api/tasks/summary", "/api/tasks/summary", asAlice());
    await check(200, "GET", "/api/tasks/summary", "/api/tasks/summary?tz=Europe/Paris", asAlice());
    await check(400, "GET", "/api/tasks/summary", "/api/tasks/summary?tz=Mars/Olympus", asAlice());
    await check(401, "GET", "/api/tasks/summary", "/api/tasks/summary");
  });
});

describe("coverage", () => {
  it("exercised every documented operation", () => {
    const documented = Object.entries(openApiDocument().paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.filter((op) => !exercised.has(op))).toEqual([]);
  });
});
