import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// Misconfiguration (API8): whatever a client sends, the answer is a documented status with
// a problem body, never a 500, and no stack trace, SQL or driver message leaves the server.

const { server, users, as } = useAppServer({ users: ["Alice"] });
let taskId: string;

beforeAll(async () => {
  taskId = (await createTask(server, users.Alice, { title: "target" })).id;
});

const LEAKS = /\bat [\w.<>]+ \(|\.(?:js|ts|mjs):\d+|node_modules|postgres|drizzle|pglite|sqlstate|syntax error|\bselect\b.+\bfrom\b|\binsert into\b|ECONN|TypeError|ReferenceError|RangeError|stack/i;

const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ title: v })),
  fc.jsonValue().map((v) => JSON.stringify({ title: "t", dueDate: v, priority: v })),
  fc.jsonValue().map((v) => JSON.stringify({ operations: [{ op: "create", body: v }, { op: "update", id: v, body: v }] })),
  fc.constantFrom("null", "[]", "{}", '{"title":"t"', '{"title":"\\ud800"}', '{"title":"\\u0000"}', "1e999", '{"a":'.repeat(500)),
);

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
  query: fc.oneof(fc.constant(""), fc.webQueryParameters().map((q) => `?${q}`), fc.constantFrom("?limit=1e3", "?cursor=%00", "?q=%27%22", "?tz=../../etc", "?sort=__proto__", "?since=-1")),
  contentType: fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""),
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
    let tried = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, path] = r.endpoint;
        const body = method === "GET" ? undefined : r.body;
        const res = await call(server, method, path.replace("{id}", taskId) + r.query, {
          as: as("Alice", r.via),
          headers: { "content-type": r.contentType },
          body,
        });
        tried++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400 && res.status !== 405) {
          expect(res.headers.get("content-type")).toBe("application/problem+json");
          expect(res.body).toMatchObject({ type: expect.stringMatching(/^urn:tasks:problem:/), status: res.status });
        }
        expect(res.text).not.toMatch(LEAKS);
      }),
      { numRuns: 300 },
    );
    console.info(`[security] fuzzed ${tried} requests: ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});
