import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { CONTENT_TYPES, expectDocumentedAnswer, junk, junkQuery, StatusTally } from "../support/fuzz-bodies";

// Misconfiguration (API8): whatever a client sends, the answer is a documented status with
// a problem body, never a 500, and no stack trace, SQL or driver message leaves the server
// (issue 12's endpoints and uploads: error-bodies.collab.fuzz.test.ts).

const { server, users, as } = useAppServer({ users: ["Alice"] });
let taskId: string;

beforeAll(async () => {
  taskId = (await createTask(server, users.Alice, { title: "target" })).id;
});

const ENDPOINTS: [string, string][] = [
  ["GET", "/api/tasks"],
  ["POST", "/api/tasks"],
  ["DELETE", "/api/tasks"],
  ["POST", "/api/tasks/batch"],
  ["GET", "/api/tasks/changes"],
  ["GET", "/api/tasks/summary"],
  ["GET", "/api/tasks/{id}"],
  ["PUT", "/api/tasks/{id}"],
  ["PATCH", "/api/tasks/{id}"],
  ["DELETE", "/api/tasks/{id}"],
  ["PATCH", "/api/tasks/{id}/complete"],
  ["PATCH", "/api/tasks/..%2f..%2fetc%2fpasswd"],
  ["GET", "/api/tasks/%25"],
];

const request = fc.record({
  endpoint: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...ENDPOINTS) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("PUT", "PATCH", "POST"), fc.constantFrom("/api/tasks/changes", "/api/tasks/summary")) },
  ),
  query: junkQuery,
  contentType: fc.constantFrom(...CONTENT_TYPES),
  body: junk,
  via: fc.constantFrom("cookie" as const, "jwt" as const),
});

// Next.js 16.4 itself answers a dynamic segment that is not valid percent-encoding with a
// bare 500 before any handler runs (vercel/next.js#92527, open; a fix, #92557, makes it a
// 404). Only a proxy.ts could intercept it; its body is generic, so nothing leaks. When the
// upstream fix lands, this test fails and the exception can go.
it("malformed percent-encoding in a task id: Next's own generic 500, nothing leaked", async () => {
  for (const path of ["/api/tasks/%E0%A4%A", "/api/tasks/%A0/complete", "/api/tasks/%"]) {
    const res = await call(server, "GET", path, { as: as("Alice") });
    expect([res.status, res.text]).toEqual([500, "Internal Server Error"]);
  }
});

describe("error bodies under fuzzing", () => {
  it("are never 500 and never leak internals", async () => {
    const statuses = new StatusTally();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, path] = r.endpoint;
        const body = method === "GET" ? undefined : r.body;
        const res = await call(server, method, path.replace("{id}", taskId) + r.query, {
          as: as("Alice", r.via),
          headers: { "content-type": r.contentType },
          body,
        });
        statuses.add(res.status);
        expectDocumentedAnswer(res);
      }),
      { numRuns: 300 },
    );
    console.info(`[security] fuzzed ${statuses.tried} requests: ${statuses}`);
  });
});
