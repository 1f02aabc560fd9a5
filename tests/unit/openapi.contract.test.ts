import { describe, expect, it } from "vitest";
import type { ApiResponse } from "../support/api-client";
import { contractViolations, documentedOperation, expectConforms } from "../support/contract";

// The contract checker of tests/integration/contract.test.ts, on made-up responses: it
// must pass what conforms and catch each way of not conforming.

const TASK = {
  id: "0196a3c0-0000-7000-8000-000000000001",
  listId: "0196a3c0-0000-7000-8000-0000000000aa",
  title: "Buy milk",
  description: null,
  completed: false,
  priority: "high",
  dueDate: null,
  createdAt: "2026-05-01T17:00:00.123Z",
  updatedAt: "2026-05-01T17:00:00.123Z",
  createdBy: "user-1",
  updatedBy: null,
  tags: [],
  commentCount: 0,
};
const NOT_FOUND = { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such task." };

function response(status: number, body?: unknown, headers: Record<string, string> = {}, contentType = "application/json"): ApiResponse {
  const text = body === undefined ? "" : JSON.stringify(body);
  return {
    status,
    headers: new Headers(body === undefined ? headers : { "content-type": contentType, ...headers }),
    text,
    body,
  };
}

describe("contractViolations", () => {
  it.each<[string, ApiResponse, string, string]>([
    ["a task with its ETag", response(200, TASK, { etag: '"3"' }), "GET", "/api/tasks/{id}"],
    ["a 304 without a body", response(304, undefined, { etag: '"3"' }), "GET", "/api/tasks/{id}"],
    ["a 404 problem", response(404, NOT_FOUND, {}, "application/problem+json"), "GET", "/api/tasks/{id}"],
    ["a 204", response(204), "DELETE", "/api/tasks/{id}"],
    ["a charset on the media type", response(200, { status: "ok" }, {}, "application/json; charset=utf-8"), "GET", "/api/health/live"],
  ])("passes %s", (_name, res, method, path) => {
    expect(contractViolations(res, method, path)).toEqual([]);
    expect(() => expectConforms(res, method, path)).not.toThrow();
  });

  it.each<[string, ApiResponse, string, string, RegExp]>([
    ["an undocumented status", response(418, { status: "ok" }), "GET", "/api/health/live", /status not documented \(documented: 200\)/],
    ["an extra field", response(200, { ...TASK, userId: "u" }, { etag: '"3"' }), "GET", "/api/tasks/{id}", /must NOT have additional properties/],
    ["a missing field", response(200, { ...TASK, title: undefined }, { etag: '"3"' }), "GET", "/api/tasks/{id}", /must have required property 'title'/],
    ["a malformed time", response(200, { ...TASK, createdAt: "yesterday" }, { etag: '"3"' }), "GET", "/api/tasks/{id}", /\/createdAt must match format "date-time"/],
    ["a missing required header", response(200, TASK), "GET", "/api/tasks/{id}", /required header ETag is missing/],
    ["a malformed header", response(200, TASK, { etag: "W/3" }), "GET", "/api/tasks/{id}", /header ETag: "W\/3" \(root\) must match pattern/],
    ["an error as plain JSON", response(404, NOT_FOUND), "GET", "/api/tasks/{id}", /media type "application\/json" not documented \(documented: application\/problem\+json\)/],
    ["a problem type the status cannot carry", response(404, { ...NOT_FOUND, type: "urn:tasks:problem:unauthorized" }, {}, "application/problem+json"), "GET", "/api/tasks/{id}", /\/type must be equal to one of the allowed values/],
    ["a body on a 204", response(204, { ok: true }), "DELETE", "/api/tasks/{id}", /documented without a body/],
  ])("catches %s", (_name, res, method, path, message) => {
    const violations = contractViolations(res, method, path);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(message);
    expect(() => expectConforms(res, method, path)).toThrow(message);
  });

  it("refuses an operation the document does not have", () => {
    expect(() => documentedOperation("POST", "/api/health")).toThrow(/POST \/api\/health is not in the OpenAPI document/);
  });
});
