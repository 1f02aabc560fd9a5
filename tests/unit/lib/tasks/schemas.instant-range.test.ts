import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { listTasksQuery } from "@/lib/tasks/list-query";
import { batchBody, createTaskBody, replaceTaskBody, updateTaskBody } from "@/lib/tasks/schemas";
import { accept, reject } from "../../helpers";

// The range every instant of the API takes (the dueDate of every body, dueBefore and
// dueAfter): 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z, judged in UTC once the
// offset is applied. Outside it PostgreSQL either refuses the value (year 0000; SQLSTATE
// 22009 past 9999 after an offset) or the answer could not be written with a four-digit year.

const FORMAT = "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).";
const RANGE = "Must be from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z (in UTC, once the offset is applied).";
const FIRST = "0001-01-01T00:00:00.000Z";
const LAST = "9999-12-31T23:59:59.999Z";

const accepted: [string, string][] = [
  ["0001-01-01", FIRST],
  ["0001-01-01T00:00:00Z", FIRST],
  ["0001-01-01T14:00:00+14:00", FIRST],
  ["0000-12-31T12:00:00-12:00", FIRST], // a local date in year 0000 that is the first instant in UTC
  ["9999-12-31T23:59:59.999Z", LAST],
  ["9999-12-31T23:59:59.9999Z", LAST], // a Date keeps milliseconds: truncated, not rounded up
  ["9999-12-31T22:59:59.999-01:00", LAST],
  ["9999-12-31T23:59:59.999+00:01", "9999-12-31T23:58:59.999Z"],
  ["9999-12-31", "9999-12-31T00:00:00.000Z"],
  ["0010-01-01", "0010-01-01T00:00:00.000Z"],
  ["0049-06-30T12:00:00Z", "0049-06-30T12:00:00.000Z"],
  ["0050-01-01", "0050-01-01T00:00:00.000Z"],
  ["0099-12-31T20:00:00-05:00", "0100-01-01T01:00:00.000Z"],
  ["0004-02-29", "0004-02-29T00:00:00.000Z"],
  ["0400-02-29", "0400-02-29T00:00:00.000Z"],
  ["2000-02-29", "2000-02-29T00:00:00.000Z"],
  ["2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00.000Z"],
  ["2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
  ["2026-05-01T17:00:00+05:45", "2026-05-01T11:15:00.000Z"],
];

const outOfRange = [
  "0000-01-01",
  "0000-02-29",
  "0000-12-31T23:59:59.999Z",
  "0001-01-01T00:30:00+01:00", // 0000-12-31T23:30:00Z
  "0001-01-01T00:00:00+00:01",
  "0001-01-01T13:59:59.999+14:00",
  "9999-12-31T23:59:59-01:00", // 10000-01-01T00:59:59Z
  "9999-12-31T12:00:00-12:00",
  "9999-12-31T23:59:59.999-00:01",
];

const malformed = [
  "1900-02-29", // not a leap year: a century not divisible by 400
  "0100-02-29",
  "2023-02-29",
  "10000-01-01",
  "+010000-01-01T00:00:00Z",
  "-000001-01-01T00:00:00Z",
  "0000-00-01",
];

describe("the range of an instant, in a body", () => {
  it.each(accepted)("accepts dueDate %s as %s", (dueDate, iso) => {
    const parsed = accept(createTaskBody, { title: "t", dueDate });
    expect(parsed.dueDate?.toISOString()).toBe(iso);
  });

  it.each(outOfRange)("refuses dueDate %s as out of range", (dueDate) => {
    expect(reject(createTaskBody, { title: "t", dueDate })).toEqual([{ path: "dueDate", message: RANGE }]);
  });

  it.each(malformed)("refuses dueDate %s as malformed", (dueDate) => {
    expect(reject(createTaskBody, { title: "t", dueDate })).toEqual([{ path: "dueDate", message: FORMAT }]);
  });

  it.each([
    ["replaceTaskBody", replaceTaskBody],
    ["updateTaskBody", updateTaskBody],
  ])("%s takes the same range", (_, schema) => {
    expect(reject(schema, { title: "t", dueDate: "0000-06-01" })).toEqual([{ path: "dueDate", message: RANGE }]);
    expect(reject(schema, { title: "t", dueDate: "9999-12-31T23:59:59-01:00" })).toEqual([{ path: "dueDate", message: RANGE }]);
    expect(accept(schema, { title: "t", dueDate: LAST }).dueDate?.toISOString()).toBe(LAST);
  });

  it("batch operations take the same range", () => {
    const operations = [
      { op: "create", body: { title: "t", dueDate: "0000-01-01" } },
      { op: "update", id: "x", body: { dueDate: "0001-01-01T00:30:00+01:00" } },
      { op: "create", body: { title: "t", dueDate: FIRST } },
    ];
    expect(reject(batchBody, { operations })).toEqual([
      { path: "operations.0.body.dueDate", message: RANGE },
      { path: "operations.1.body.dueDate", message: RANGE },
    ]);
  });
});

describe.each(["dueBefore", "dueAfter"] as const)("the range of an instant, in %s", (name) => {
  it.each(accepted)("accepts %s as %s", (value, iso) => {
    expect(accept(listTasksQuery, { [name]: value })[name]?.toISOString()).toBe(iso);
  });

  it.each(outOfRange)("refuses %s as out of range", (value) => {
    expect(reject(listTasksQuery, { [name]: value })).toEqual([{ path: name, message: RANGE }]);
  });

  it.each(malformed)("refuses %s as malformed", (value) => {
    expect(reject(listTasksQuery, { [name]: value })).toEqual([{ path: name, message: FORMAT }]);
  });
});

describe("the range in the OpenAPI document", () => {
  const doc = openApiDocument();
  const RANGE_TEXT = "Any instant from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z (in UTC, once the offset is applied).";

  it.each(["CreateTaskBody", "ReplaceTaskBody", "UpdateTaskBody"])("describes %s.dueDate with it", (name) => {
    const body = doc.components.schemas[name] as { properties: Record<string, { description?: string }> };
    expect(body.properties.dueDate?.description).toContain(RANGE_TEXT);
  });

  it.each(["dueBefore", "dueAfter"])("describes the list's %s with it", (name) => {
    const parameters = doc.paths["/api/tasks"]!.get!.parameters as { name: string; description?: string }[];
    expect(parameters.find((p) => p.name === name)?.description).toContain(RANGE_TEXT);
  });
});
