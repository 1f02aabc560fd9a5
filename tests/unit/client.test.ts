import { describe, expect, it } from "vitest";
import { createTasksClient, TasksApiError, TasksNetworkError } from "@/lib/client";

// The client without a server: what it puts on the wire, and what it makes of answers.
// tests/integration/sdk-session.test.ts runs it against the real app.

const BASE = "http://tasks.test";
const TASK = {
  id: "0193a000-0000-7000-8000-000000000001",
  title: "Water the plants",
  description: null,
  completed: false,
  priority: "high",
  dueDate: null,
  createdAt: "2026-11-26T15:00:00.000Z",
  updatedAt: "2026-11-26T15:00:00.000Z",
} as const;

/** A client whose fetch records each request and answers with `answer`. */
function clientAnswering(answer: (request: Request) => Response, options: { token?: string } = {}) {
  const requests: Request[] = [];
  const client = createTasksClient({
    baseUrl: BASE,
    ...options,
    fetch: async (request) => {
      requests.push(request);
      return answer(request);
    },
  });
  return { client, requests };
}

const json = (body: unknown, init: ResponseInit & { type?: string } = {}) =>
  new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "content-type": init.type ?? "application/json", ...(init.headers as Record<string, string>) },
  });

describe("queries", () => {
  it("sends priority as one comma-separated parameter, numbers and booleans as text", async () => {
    const { client, requests } = clientAnswering(() => json({ items: [], nextCursor: null }));
    await client.tasks.list({ limit: 10, priority: ["high", "low"], overdue: true, hasDueDate: false, sort: "dueDate" });
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe("/api/tasks");
    expect([...url.searchParams]).toEqual([
      ["limit", "10"],
      ["priority", "high,low"],
      ["overdue", "true"],
      ["hasDueDate", "false"],
      ["sort", "dueDate"],
    ]);
  });

  it("sends a token as Bearer, and If-Match and Idempotency-Key as given", async () => {
    const { client, requests } = clientAnswering(() => json(TASK, { headers: { etag: '"2"' } }), { token: "a.b.c" });
    await client.tasks.update(TASK.id, { title: "x" }, { ifMatch: '"1"' });
    await client.tasks.create({ title: "y" }, { idempotencyKey: "plants-1" });
    expect(requests.map((r) => [r.method, r.headers.get("authorization"), r.headers.get("if-match"), r.headers.get("idempotency-key")])).toEqual([
      ["PATCH", "Bearer a.b.c", '"1"', null],
      ["POST", "Bearer a.b.c", null, "plants-1"],
    ]);
  });
});

describe("answers", () => {
  it("gives a task with its ETag", async () => {
    const { client } = clientAnswering(() => json(TASK, { headers: { etag: '"7"' } }));
    expect(await client.tasks.get(TASK.id)).toEqual({ task: TASK, etag: '"7"' });
  });

  it("gives null for a 304 to If-None-Match", async () => {
    const { client } = clientAnswering(() => new Response(null, { status: 304, headers: { etag: '"7"' } }));
    expect(await client.tasks.getIfChanged(TASK.id, '"7"')).toBeNull();
  });

  it("throws a problem as a typed error, with the current ETag on a 412", async () => {
    const problem = {
      type: "urn:tasks:problem:precondition-failed",
      title: "Precondition failed",
      status: 412,
      detail: "The task has changed since that version.",
    };
    const { client } = clientAnswering(() => json(problem, { status: 412, type: "application/problem+json", headers: { etag: '"3"' } }));
    const error = await client.tasks.update(TASK.id, { title: "x" }, { ifMatch: '"1"' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TasksApiError);
    const apiError = error as TasksApiError;
    expect([apiError.status, apiError.problem, apiError.authError, apiError.etag, apiError.message]).toEqual([
      412,
      problem,
      undefined,
      '"3"',
      problem.detail,
    ]);
    expect(apiError.is("precondition-failed")).toBe(true);
  });

  it("throws Better Auth's { code, message } as authError", async () => {
    const body = { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" };
    const { client } = clientAnswering(() => json(body, { status: 401 }));
    const error = (await client.auth.signIn({ email: "a@example.com", password: "x" }).catch((e: unknown) => e)) as TasksApiError;
    expect([error.status, error.problem, error.authError, error.message]).toEqual([401, undefined, body, body.message]);
  });

  it("does not take a proxy's page for a problem", async () => {
    const { client } = clientAnswering(() => new Response("<h1>Bad gateway</h1>", { status: 502, headers: { "content-type": "text/html" } }));
    const error = (await client.tasks.summary().catch((e: unknown) => e)) as TasksApiError;
    expect([error.status, error.problem, error.authError, error.message]).toEqual([502, undefined, undefined, "HTTP 502"]);
  });
});

describe("failures without an answer", () => {
  it("are TasksNetworkError", async () => {
    const client = createTasksClient({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError("fetch failed")) });
    await expect(client.tasks.list()).rejects.toBeInstanceOf(TasksNetworkError);
  });

  it("except an abort, which comes through as it is", async () => {
    const controller = new AbortController();
    const client = createTasksClient({
      baseUrl: BASE,
      // As fetch does: reject at once if the signal is already aborted, else when it is.
      fetch: (request) =>
        new Promise((_, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    });
    const pending = client.tasks.list({}, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("the session cookie outside a browser", () => {
  it("is kept from sign-up and forgotten at sign-out; the app's Origin goes with every request", async () => {
    const { client, requests } = clientAnswering((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/auth/sign-up/email") {
        const headers = new Headers({ "content-type": "application/json" });
        headers.append("set-cookie", "better-auth.session_token=abc.sig; Path=/; HttpOnly; SameSite=Lax");
        return new Response(JSON.stringify({ token: "abc", user: {} }), { headers });
      }
      if (path === "/api/auth/sign-out") {
        const headers = new Headers({ "content-type": "application/json" });
        headers.append("set-cookie", "better-auth.session_token=; Max-Age=0; Path=/");
        return new Response(JSON.stringify({ success: true }), { headers });
      }
      return json({ token: "a.b.c" });
    });
    await client.auth.signUp({ name: "Ada", email: "ada@example.com", password: "correct horse" });
    await client.auth.token();
    await client.auth.signOut();
    await client.auth.token().catch(() => undefined);
    expect(requests.map((r) => [new URL(r.url).pathname, r.headers.get("cookie"), r.headers.get("origin")])).toEqual([
      ["/api/auth/sign-up/email", null, BASE],
      ["/api/auth/token", "better-auth.session_token=abc.sig", BASE],
      ["/api/auth/sign-out", "better-auth.session_token=abc.sig", BASE],
      ["/api/auth/token", null, BASE],
    ]);
  });
});
