import { describe, expect, it } from "vitest";
import type { TaggedTask } from "@/lib/tags/of-task";
import { CURSOR_MAX, listTasksQuery, taskSummaryQuery } from "@/lib/tasks/list-query";
import { taskJson } from "@/lib/tasks/responses";
import { accept, reject } from "../../helpers";

// The list and summary endpoints' query strings, and the JSON shape every task response uses.

const unknown = (...paths: string[]) => paths.map((path) => ({ path, message: "Unknown or read-only field." }));

describe("listTasksQuery", () => {
  const WHOLE = "Must be a whole number from 1 to 100.";
  const RANGE = "Must be from 1 to 100.";
  const DEFAULTS = { status: "all", limit: 50 };

  it("defaults to status all, limit 50, and leaves sort and order to the list (they depend on q)", () => {
    expect(accept(listTasksQuery, {})).toStrictEqual(DEFAULTS);
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

  it.each([
    ["high", ["high"]],
    ["low,medium,high", ["low", "medium", "high"]],
    ["high,low", ["low", "high"]], // canonical order: the same filter as low,high
    ["medium,high,low", ["low", "medium", "high"]],
  ])("accepts priority=%s", (priority, expected) => {
    expect(accept(listTasksQuery, { priority })).toStrictEqual({ ...DEFAULTS, priority: expected });
  });

  it.each(["", "urgent", "HIGH", "none", "null", "high,high", "low,high,low", "high,", ",high", "low,,high", "low, high", "low;high", " high"])(
    "rejects priority=%j",
    (priority) => {
      expect(reject(listTasksQuery, { priority })).toEqual([
        { path: "priority", message: "Must be one or more of low, medium, high, comma-separated, each at most once." },
      ]);
    },
  );

  describe.each(["dueBefore", "dueAfter"] as const)("%s", (name) => {
    const DUE = "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).";

    it.each([
      ["2026-05-01", "2026-05-01T00:00:00.000Z"], // a date is midnight UTC
      ["2026-05-01T17:00:00Z", "2026-05-01T17:00:00.000Z"],
      ["2026-05-01T19:00:00.250+02:00", "2026-05-01T17:00:00.250Z"],
      ["2026-05-01T12:00:00-05:30", "2026-05-01T17:30:00.000Z"],
      ["2028-02-29", "2028-02-29T00:00:00.000Z"],
    ])("accepts %s as %s", (value, iso) => {
      expect(accept(listTasksQuery, { [name]: value })).toStrictEqual({ ...DEFAULTS, [name]: new Date(iso) });
    });

    it.each([
      "",
      "tomorrow",
      "2026-05-01T17:00:00", // no zone
      "2026-05-01T17:00Z", // no seconds
      "2026-05-01 17:00:00Z",
      "2026-05-01T19:00:00 02:00", // what an unencoded + becomes in a query string
      "2026-02-30",
      "2027-02-29",
      "2026-5-1",
      "1777654800123",
      "null",
    ])("rejects %j", (value) => {
      expect(reject(listTasksQuery, { [name]: value })).toEqual([{ path: name, message: DUE }]);
    });
  });

  describe.each(["overdue", "hasDueDate"] as const)("%s", (name) => {
    it.each([
      ["true", true],
      ["false", false],
    ])("accepts %s", (value, expected) => {
      expect(accept(listTasksQuery, { [name]: value })).toStrictEqual({ ...DEFAULTS, [name]: expected });
    });

    it.each(["", "1", "0", "yes", "TRUE", "False", " true"])("rejects %j", (value) => {
      expect(reject(listTasksQuery, { [name]: value })).toEqual([{ path: name, message: "Must be true or false." }]);
    });
  });

  it.each([
    ["café", "café"],
    ["  water the plants  ", "water the plants"],
    ['"a phrase" -word or other', '"a phrase" -word or other'],
    ["!!!", "!!!"], // valid: it just matches nothing
    ["x".repeat(200), "x".repeat(200)],
    [`  ${"x".repeat(200)}  `, "x".repeat(200)],
    ["😀".repeat(200), "😀".repeat(200)], // code points, not UTF-16 units
  ])("accepts q=%j", (q, expected) => {
    expect(accept(listTasksQuery, { q })).toStrictEqual({ ...DEFAULTS, q: expected });
  });

  it.each([
    ["", ["Must not be empty."]],
    ["   ", ["Must not be empty."]],
    ["x".repeat(201), ["At most 200 characters."]],
    ["😀".repeat(201), ["At most 200 characters."]],
    ["a\u0000b", ["Must not contain control characters."]],
    ["a\nb", ["Must not contain control characters."]],
    ["\t", ["Must not contain control characters.", "Must not be empty."]],
  ])("rejects q=%j", (q, messages) => {
    expect(reject(listTasksQuery, { q })).toEqual(messages.map((message) => ({ path: "q", message })));
  });

  it.each(["createdAt", "updatedAt", "dueDate", "priority", "title"] as const)("accepts sort=%s", (sort) => {
    expect(accept(listTasksQuery, { sort })).toStrictEqual({ ...DEFAULTS, sort });
  });

  it.each(["", "rank", "relevance", "created_at", "CreatedAt", "id", "completed"])("rejects sort=%j", (sort) => {
    expect(reject(listTasksQuery, { sort })).toEqual([
      { path: "sort", message: "Must be createdAt, updatedAt, dueDate, priority or title." },
    ]);
  });

  it.each(["asc", "desc"] as const)("accepts order=%s", (order) => {
    expect(accept(listTasksQuery, { order })).toStrictEqual({ ...DEFAULTS, order });
  });

  it.each(["", "ASC", "descending", "up", "-1"])("rejects order=%j", (order) => {
    expect(reject(listTasksQuery, { order })).toEqual([{ path: "order", message: "Must be asc or desc." }]);
  });

  it("takes every parameter at once", () => {
    const query = {
      status: "pending",
      priority: "high,medium",
      dueBefore: "2026-06-01",
      dueAfter: "2026-05-01T00:00:00+02:00",
      overdue: "false",
      hasDueDate: "true",
      q: " plants ",
      sort: "dueDate",
      order: "asc",
      limit: "20",
      cursor: "abc.def",
    };
    expect(accept(listTasksQuery, query)).toStrictEqual({
      status: "pending",
      priority: ["medium", "high"],
      dueBefore: new Date("2026-06-01T00:00:00Z"),
      dueAfter: new Date("2026-04-30T22:00:00Z"),
      overdue: false,
      hasDueDate: true,
      q: "plants",
      sort: "dueDate",
      order: "asc",
      limit: 20,
      cursor: "abc.def",
    });
  });

  it("names every bad parameter at once", () => {
    expect(reject(listTasksQuery, { priority: "x", overdue: "x", sort: "x", order: "x", page: "2" })).toEqual([
      { path: "priority", message: "Must be one or more of low, medium, high, comma-separated, each at most once." },
      { path: "overdue", message: "Must be true or false." },
      { path: "sort", message: "Must be createdAt, updatedAt, dueDate, priority or title." },
      { path: "order", message: "Must be asc or desc." },
      { path: "page", message: "Unknown or read-only field." },
    ]);
  });

  it(`passes a cursor through and caps it at ${CURSOR_MAX} characters (a title-sorted one is long)`, () => {
    expect(accept(listTasksQuery, { cursor: "c".repeat(CURSOR_MAX) })).toStrictEqual({ ...DEFAULTS, cursor: "c".repeat(CURSOR_MAX) });
    expect(reject(listTasksQuery, { cursor: "c".repeat(CURSOR_MAX + 1) })).toEqual([
      { path: "cursor", message: `Too big: expected string to have <=${CURSOR_MAX} characters` },
    ]);
  });

  it("rejects unknown parameters by name", () => {
    expect(reject(listTasksQuery, { page: "2", offset: "0", userId: "u" })).toEqual(unknown("page", "offset", "userId"));
  });
});

describe("taskSummaryQuery", () => {
  const TZ = "Must be an IANA time zone name, such as Europe/Paris or UTC.";

  it("defaults to UTC", () => {
    expect(accept(taskSummaryQuery, {})).toStrictEqual({ tz: "UTC" });
  });

  it.each(["UTC", "Europe/Paris", "Asia/Tokyo", "America/Argentina/Buenos_Aires", "America/Port-au-Prince", "Etc/GMT+5", "Pacific/Kiritimati"])(
    "accepts tz=%s",
    (tz) => {
      expect(accept(taskSummaryQuery, { tz })).toStrictEqual({ tz });
    },
  );

  it.each([
    "",
    "utc",
    "Mars/Olympus_Mons",
    "Europe/Nowhere",
    "PST", // Intl knows it as Los Angeles, PostgreSQL as a fixed UTC-8
    "EST5EDT",
    "UTC+3", // PostgreSQL: three hours west
    "+02:00",
    "GMT",
    "Europe/Paris/",
    "/Europe/Paris",
    "Europe//Paris",
    "../etc/passwd",
    "Europe/Paris; drop table tasks",
    `Europe/${"x".repeat(60)}`,
  ])("rejects tz=%j", (tz) => {
    expect(reject(taskSummaryQuery, { tz })).toEqual([{ path: "tz", message: TZ }]);
  });

  it("rejects unknown parameters by name", () => {
    expect(reject(taskSummaryQuery, { tz: "UTC", date: "2026-05-01" })).toEqual(unknown("date"));
  });
});

describe("taskJson", () => {
  const row: TaggedTask = {
    id: "0196a3c0-0000-7000-8000-000000000001",
    userId: "user-1",
    listId: "0196a3c0-0000-7000-8000-0000000000aa",
    createdBy: "user-1",
    updatedBy: "user-2",
    commentCount: 0,
    txid: 900,
    title: "Buy milk",
    description: null,
    completed: false,
    priority: "high",
    dueDate: null,
    revision: 7,
    createdAt: new Date("2026-05-01T17:00:00.123Z"),
    updatedAt: new Date("2026-05-02T08:30:00.000Z"),
    tags: [{ id: "tag-1", name: "home", color: "green" }],
  };

  it("gives exactly the public fields, times as ISO strings, no userId", () => {
    expect(taskJson(row)).toStrictEqual({
      id: "0196a3c0-0000-7000-8000-000000000001",
      listId: "0196a3c0-0000-7000-8000-0000000000aa",
      title: "Buy milk",
      description: null,
      completed: false,
      priority: "high",
      dueDate: null,
      createdAt: "2026-05-01T17:00:00.123Z",
      updatedAt: "2026-05-02T08:30:00.000Z",
      createdBy: "user-1",
      updatedBy: "user-2",
      tags: [{ id: "tag-1", name: "home", color: "green" }],
      commentCount: 0,
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
