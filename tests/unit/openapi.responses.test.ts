import { describe, expect, it } from "vitest";
import type { TaggedTask } from "@/lib/tags/of-task";
import { AppError } from "@/lib/errors";
import { problemBody } from "@/lib/http/problem";
import { problemJson, problemResponses } from "@/lib/openapi/problems";
import { taskJson, taskResponse } from "@/lib/tasks/responses";

// The documented response shapes against the code that produces them. taskJson()'s type
// is inferred from taskResponse, so the compiler holds the fields together; these check
// the values (formats, strictness) that a type cannot.

const row: TaggedTask = {
  id: "0196a3c0-0000-7000-8000-000000000001",
  userId: "user-1",
  listId: "list-1",
  createdBy: "user-1",
  updatedBy: "user-2",
  commentCount: 0,
  title: "Buy milk",
  description: null,
  completed: false,
  priority: null,
  dueDate: null,
  revision: 7,
  txid: 12,
  createdAt: new Date("2026-05-01T17:00:00.123Z"),
  updatedAt: new Date("2026-05-02T08:30:00.000Z"),
  tags: [],
};

describe("taskResponse", () => {
  it.each([
    ["nulls", row],
    ["every field", { ...row, description: "d", priority: "high", completed: true, dueDate: new Date("2026-12-01T00:00:00Z") }],
    ["no author left (both accounts gone)", { ...row, createdBy: null, updatedBy: null }],
    ["tags, one without a colour", { ...row, commentCount: 3, tags: [{ id: "t1", name: "home", color: "green" }, { id: "t2", name: "Café", color: null }] }],
  ] as [string, TaggedTask][])("accepts taskJson() of a row with %s, unchanged", (_name, task) => {
    const json = taskJson(task);
    expect(taskResponse.parse(json)).toStrictEqual(json);
  });

  it.each([
    ["an extra field", { ...taskJson(row), userId: "user-1" }],
    ["a missing field", (({ dueDate: _, ...rest }) => rest)(taskJson(row))],
    ["a time without milliseconds", { ...taskJson(row), createdAt: "2026-05-01T17:00:00Z" }],
    ["a time with an offset", { ...taskJson(row), updatedAt: "2026-05-01T19:00:00.000+02:00" }],
    ["an unknown priority", { ...taskJson(row), priority: "urgent" }],
    ["a tag of an unknown colour", { ...taskJson(row), tags: [{ id: "t1", name: "home", color: "mauve" }] }],
    ["a tag with an extra field", { ...taskJson(row), tags: [{ id: "t1", name: "home", color: null, taskCount: 1 }] }],
    ["a negative comment count", { ...taskJson(row), commentCount: -1 }],
  ])("refuses %s", (_name, json) => {
    expect(taskResponse.safeParse(json).success).toBe(false);
  });
});

describe("problemJson", () => {
  it("accepts every body problemBody() makes", () => {
    const error = new AppError("validation_failed", "Bad.", [{ path: "title", message: "Must not be empty." }]);
    expect(problemJson.parse(problemBody(error))).toStrictEqual(problemBody(error));
    expect(problemJson.parse(problemBody(new AppError("internal")))).toStrictEqual(problemBody(new AppError("internal")));
  });
});

describe("problemResponses", () => {
  it("makes one response per status, narrowed to its types, with the standard headers", () => {
    expect(problemResponses(["unauthorized", "invalid_json", "invalid_query"])).toStrictEqual({
      "400": {
        description: "Malformed JSON body; Invalid query parameters",
        content: {
          "application/problem+json": {
            schema: {
              allOf: [
                { $ref: "#/components/schemas/Problem" },
                {
                  type: "object",
                  properties: {
                    type: { enum: ["urn:tasks:problem:invalid-json", "urn:tasks:problem:invalid-query"] },
                    status: { const: 400 },
                  },
                },
              ],
            },
            examples: {
              invalid_json: { $ref: "#/components/examples/problem-invalid-json" },
              invalid_query: { $ref: "#/components/examples/problem-invalid-query" },
            },
          },
        },
      },
      "401": {
        description: "Authentication required",
        headers: {
          "WWW-Authenticate": { description: 'Always `Bearer realm="tasks"`.', schema: { type: "string", const: 'Bearer realm="tasks"' } },
        },
        content: {
          "application/problem+json": {
            schema: {
              allOf: [
                { $ref: "#/components/schemas/Problem" },
                { type: "object", properties: { type: { enum: ["urn:tasks:problem:unauthorized"] }, status: { const: 401 } } },
              ],
            },
            examples: { unauthorized: { $ref: "#/components/examples/problem-unauthorized" } },
          },
        },
      },
    });
  });

  it("adds the headers an operation's problem carries", () => {
    const etag = { $ref: "#/components/headers/ETag" };
    expect(problemResponses(["precondition_failed"], { precondition_failed: { ETag: etag } })["412"]?.headers).toStrictEqual({ ETag: etag });
  });
});
