import { describe, expect, it } from "vitest";
import { batchBody, completeTaskBody, createTaskBody, replaceTaskBody, updateTaskBody } from "@/lib/tasks/schemas";
import { accept, reject } from "../../helpers";

const UNKNOWN = "Unknown or read-only field.";
const unknown = (...paths: string[]) => paths.map((path) => ({ path, message: UNKNOWN }));

describe.each([
  ["createTaskBody", createTaskBody, { title: "x" }],
  ["replaceTaskBody", replaceTaskBody, { title: "x" }],
  ["updateTaskBody", updateTaskBody, { title: "x" }],
  ["completeTaskBody", completeTaskBody, { completed: true }],
] as const)("%s is strict", (_, schema, valid) => {
  it.each(["id", "userId", "user_id", "createdAt", "updatedAt", "extra", "Title"])("rejects %s", (key) => {
    expect(reject(schema, { ...valid, [key]: "v" })).toEqual(unknown(key));
  });

  it.each(["__proto__", "constructor", "prototype"])("rejects %s from JSON.parse", (key) => {
    const body: unknown = JSON.parse(`{${JSON.stringify(valid).slice(1, -1)},"${key}":{"a":1}}`);
    expect(reject(schema, body)).toEqual(unknown(key));
  });

  it("names every unknown key, one entry each", () => {
    expect(reject(schema, { ...valid, id: 1, userId: 2, createdAt: 3 })).toEqual(unknown("id", "userId", "createdAt"));
  });

  it.each([
    [null, "null"],
    [[], "array"],
    ["x", "string"],
  ])("rejects a non-object body %j", (body, received) => {
    expect(reject(schema, body)).toEqual([{ path: "", message: `Invalid input: expected object, received ${received}` }]);
  });
});

// A title that shows nothing is refused like a blank one by every body that takes a title.
describe("a title of invisible characters", () => {
  const invisible = "\u200b\u2060\ufeff";
  const empty = (path: string) => [{ path, message: "Must not be empty." }];
  it.each([
    ["createTaskBody", createTaskBody, { title: invisible }, "title"],
    ["replaceTaskBody", replaceTaskBody, { title: invisible }, "title"],
    ["updateTaskBody", updateTaskBody, { title: invisible }, "title"],
    ["batch create", batchBody, { operations: [{ op: "create", body: { title: invisible } }] }, "operations.0.body.title"],
    ["batch update", batchBody, { operations: [{ op: "update", id: "x", body: { title: invisible } }] }, "operations.0.body.title"],
  ] as const)("%s: the blank title's error", (_, schema, body, path) => {
    expect(reject(schema, body)).toEqual(empty(path));
    expect(reject(schema, JSON.parse(JSON.stringify(body).replaceAll(JSON.stringify(invisible).slice(1, -1), "   ")))).toEqual(empty(path));
  });
});

describe("createTaskBody", () => {
  it("keeps omitted fields omitted (no defaults)", () => {
    expect(accept(createTaskBody, { title: "x" })).toStrictEqual({ title: "x" });
  });

  it("accepts every field at once", () => {
    const body = { title: " a ", description: "d", priority: "high", dueDate: "2026-05-01", completed: true };
    expect(accept(createTaskBody, body)).toStrictEqual({
      title: "a",
      description: "d",
      priority: "high",
      dueDate: new Date("2026-05-01T00:00:00.000Z"),
      completed: true,
    });
  });

  it("reports field errors before unknown keys, in order", () => {
    expect(reject(createTaskBody, { title: "", userId: "u", description: "\u0000\ud800" })).toEqual([
      { path: "title", message: "Must not be empty." },
      { path: "description", message: "Must not contain control characters." },
      { path: "description", message: "Must be valid Unicode text." },
      { path: "userId", message: UNKNOWN },
    ]);
  });
});

describe("replaceTaskBody", () => {
  it("fills every omitted field with its default", () => {
    expect(accept(replaceTaskBody, { title: "x" })).toStrictEqual({
      title: "x",
      description: null,
      priority: null,
      dueDate: null,
      completed: false,
      tags: [],
    });
  });

  it("keeps given values", () => {
    const body = { title: "x", description: "d", priority: "low", dueDate: "2026-05-01T17:00:00Z", completed: true, tags: ["home"] };
    expect(accept(replaceTaskBody, body)).toStrictEqual({ ...body, dueDate: new Date("2026-05-01T17:00:00.000Z") });
  });

  it("still requires a title", () => {
    expect(reject(replaceTaskBody, {})).toEqual([
      { path: "title", message: "Invalid input: expected string, received undefined" },
    ]);
  });
});

describe("updateTaskBody", () => {
  it.each([
    [{}],
    [{ title: undefined }],
  ])("rejects %j: nothing to change", (body) => {
    expect(reject(updateTaskBody, body)).toEqual([{ path: "", message: "Give at least one field to change." }]);
  });

  it("rejects title: null", () => {
    expect(reject(updateTaskBody, { title: null })).toEqual([
      { path: "title", message: "Invalid input: expected string, received null" },
    ]);
  });

  it.each([
    [{ description: null }, { description: null }],
    [{ priority: null }, { priority: null }],
    [{ dueDate: null }, { dueDate: null }],
    [{ completed: false }, { completed: false }],
    [{ title: "  y " }, { title: "y" }],
  ])("accepts %j without adding defaults", (body, expected) => {
    expect(accept(updateTaskBody, body)).toStrictEqual(expected);
  });
});

describe("completeTaskBody", () => {
  it.each([true, false])("accepts completed: %j", (completed) => {
    expect(accept(completeTaskBody, { completed })).toStrictEqual({ completed });
  });

  it.each([[{}], [{ completed: "true" }], [{ completed: null }], [{ completed: 1 }]])("rejects %j", (body) => {
    expect(reject(completeTaskBody, body)).toEqual([{ path: "completed", message: "Must be true or false." }]);
  });
});
