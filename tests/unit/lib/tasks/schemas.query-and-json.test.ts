import { describe, expect, it } from "vitest";
import type { Task } from "@/db/schema";
import { listTasksQuery } from "@/lib/tasks/list-query";
import { taskJson } from "@/lib/tasks/schemas";
import { accept, reject } from "../../helpers";

// The list endpoint's query string, and the JSON shape every task response uses.

const unknown = (...paths: string[]) => paths.map((path) => ({ path, message: "Unknown or read-only field." }));

describe("listTasksQuery", () => {
  const WHOLE = "Must be a whole number from 1 to 100.";
  const RANGE = "Must be from 1 to 100.";

  it("defaults to status all, limit 50", () => {
    expect(accept(listTasksQuery, {})).toStrictEqual({ status: "all", limit: 50 });
  });

  it.each([
    ["1", 1],
    ["50", 50],
    ["100", 100],
    ["010", 10], // up to three digits, leading zeros included
    ["001", 1],
  ])("accepts limit %s as %i", (limit, expected) => {
    expect(accept(listTasksQuery, { limit })).toStrictEqual({ status: "all", limit: expected });
  });

  it.each([
    ["0", RANGE],
    ["000", RANGE],
    ["101", RANGE],
    ["999", RANGE],
    ["0010", WHOLE], // four digits: the regex allows at most three
    ["1000", WHOLE],
    ["-1", WHOLE],
    ["1.5", WHOLE],
    ["1e2", WHOLE],
    ["abc", WHOLE],
    ["", WHOLE],
    [" 5", WHOLE],
    ["5 ", WHOLE],
    ["٣", WHOLE], // Arabic-Indic digit three
  ])("rejects limit %j", (limit, message) => {
    expect(reject(listTasksQuery, { limit })).toEqual([{ path: "limit", message }]);
  });

  it.each(["all", "pending", "completed"] as const)("accepts status %s", (status) => {
    expect(accept(listTasksQuery, { status })).toStrictEqual({ status, limit: 50 });
  });

  it.each(["done", "", "ALL", "open"])("rejects status %j", (status) => {
    expect(reject(listTasksQuery, { status })).toEqual([{ path: "status", message: "Must be all, pending or completed." }]);
  });

  it("passes a cursor through and caps it at 200 characters", () => {
    expect(accept(listTasksQuery, { cursor: "c".repeat(200) })).toStrictEqual({ status: "all", limit: 50, cursor: "c".repeat(200) });
    expect(reject(listTasksQuery, { cursor: "c".repeat(201) })).toEqual([
      { path: "cursor", message: "Too big: expected string to have <=200 characters" },
    ]);
  });

  it("rejects unknown parameters by name", () => {
    expect(reject(listTasksQuery, { page: "2", offset: "0", userId: "u" })).toEqual(unknown("page", "offset", "userId"));
  });
});

describe("taskJson", () => {
  const row: Task = {
    id: "0196a3c0-0000-7000-8000-000000000001",
    userId: "user-1",
    title: "Buy milk",
    description: null,
    completed: false,
    priority: "high",
    dueDate: null,
    revision: 7,
    createdAt: new Date("2026-05-01T17:00:00.123Z"),
    updatedAt: new Date("2026-05-02T08:30:00.000Z"),
  };

  it("gives exactly the public fields, times as ISO strings, no userId", () => {
    expect(taskJson(row)).toStrictEqual({
      id: "0196a3c0-0000-7000-8000-000000000001",
      title: "Buy milk",
      description: null,
      completed: false,
      priority: "high",
      dueDate: null,
      createdAt: "2026-05-01T17:00:00.123Z",
      updatedAt: "2026-05-02T08:30:00.000Z",
    });
  });

  it("serialises a due date in UTC", () => {
    const due = { ...row, dueDate: new Date("2026-05-01T19:00:00.5+02:00"), description: "d", priority: null };
    expect(taskJson(due)).toStrictEqual({
      ...taskJson(row),
      description: "d",
      priority: null,
      dueDate: "2026-05-01T17:00:00.500Z",
    });
  });
});
