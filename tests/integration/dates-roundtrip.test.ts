import { describe, expect, it } from "vitest";
import { call, createTask, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// Dates over real HTTP, on whichever database this run has (run it on both): what the API
// accepts (instants from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z in UTC) reads
// back exactly as written from every channel that answers a task, what it refuses is a 422
// or 400 naming the field (never a 500), and a keyset walk by due date sees every task once.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave"] });

const FIRST = "0001-01-01T00:00:00.000Z";
const LAST = "9999-12-31T23:59:59.999Z";
const RANGE = "Must be from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z (in UTC, once the offset is applied).";
const FORMAT = "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
/** A different month, day, time and millisecond for each year, all in UTC. */
const instantInYear = (year: number) =>
  `${pad(year, 4)}-${pad((year % 12) + 1)}-${pad((year % 28) + 1)}T${pad(year % 24)}:${pad((year * 7) % 60)}:${pad((year * 13) % 60)}.${pad(year * 9, 3)}Z`;

function expectStatus(res: { status: number; text: string }, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
}

async function dueDateOf(user: TestUser, id: string): Promise<string | null> {
  const res = await call(server, "GET", `/api/tasks/${id}`, { as: { user, via: "jwt" } });
  expectStatus(res, 200);
  return res.body.dueDate;
}

/** Every page of a listing, following nextCursor. */
async function walk(user: TestUser, query: string): Promise<{ id: string; dueDate: string | null }[]> {
  const items: { id: string; dueDate: string | null }[] = [];
  let cursor: string | null = null;
  do {
    // A cursor that carries a misread key can lead back to where the walk has been.
    if (items.length > 1000) throw new Error(`the walk of ${query} does not end`);
    const res = await call(server, "GET", `/api/tasks?${query}${cursor ? `&cursor=${cursor}` : ""}`, { as: { user, via: "jwt" } });
    expectStatus(res, 200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe("every year from 1 to 99", () => {
  const years = Array.from({ length: 99 }, (_, i) => i + 1);

  it("reads back as written from a batch create, a read, the list, the change feed and the summary", async () => {
    const operations = years.map((year) => ({ op: "create", body: { title: `year ${year}`, dueDate: instantInYear(year) } }));
    const res = await call(server, "POST", "/api/tasks/batch", { as: as("Dave"), json: { operations } });
    expectStatus(res, 200);
    const created = res.body.results.map((r: { task: { id: string; dueDate: string } }) => r.task);
    expect(created.map((t: { dueDate: string }) => t.dueDate)).toEqual(years.map(instantInYear));

    for (const [i, task] of created.entries()) expect(await dueDateOf(users.Dave, task.id)).toBe(instantInYear(years[i]!));

    // Sorted by due date the years come in order, and the filters cut the same instants.
    const listed = await walk(users.Dave, "sort=dueDate&order=asc&limit=100&dueBefore=0100-01-01");
    expect(listed.map((t) => t.dueDate)).toEqual(years.map(instantInYear));
    const firstFifty = await walk(users.Dave, `dueAfter=${FIRST}&dueBefore=${instantInYear(50)}&sort=dueDate&order=asc`);
    expect(firstFifty.map((t) => t.dueDate)).toEqual(years.slice(0, 49).map(instantInYear));

    const changes = await call(server, "GET", "/api/tasks/changes", { as: as("Dave") });
    expectStatus(changes, 200);
    expect(changes.body.tasks.map((t: { dueDate: string }) => t.dueDate)).toEqual(years.map(instantInYear));

    const summary = await call(server, "GET", "/api/tasks/summary?tz=Pacific/Kiritimati", { as: as("Dave") });
    expect(summary.body).toEqual({ total: 99, pending: 99, completed: 0, overdue: 99, dueToday: 0 });
  });
});

describe("instants across the range, written with offsets", () => {
  it.each([
    ["the first instant", FIRST, FIRST],
    ["the first instant as a date", "0001-01-01", FIRST],
    ["the first instant at +14:00", "0001-01-01T14:00:00+14:00", FIRST],
    ["the first instant from a local time in year 0000", "0000-12-31T12:00:00-12:00", FIRST],
    ["the last instant", LAST, LAST],
    ["the last instant at -12:00", "9999-12-31T11:59:59.999-12:00", LAST],
    ["the last day", "9999-12-31", "9999-12-31T00:00:00.000Z"],
    ["year 10, misread as 2001-10-01 once", "0010-01-01", "0010-01-01T00:00:00.000Z"],
    ["year 49", "0049-12-31T23:59:59.999Z", "0049-12-31T23:59:59.999Z"],
    ["year 50", "0050-01-01T00:00:00Z", "0050-01-01T00:00:00.000Z"],
    ["year 99 into year 100 by its offset", "0099-12-31T20:00:00-05:00", "0100-01-01T01:00:00.000Z"],
    ["year 2 into year 1 at +05:45", "0002-01-01T00:30:00+05:45", "0001-12-31T18:45:00.000Z"],
    ["year 999", "0999-12-31T23:59:59.999Z", "0999-12-31T23:59:59.999Z"],
    ["a leap day of year 4", "0004-02-29", "0004-02-29T00:00:00.000Z"],
    ["a leap day of year 400", "0400-02-29T12:00:00Z", "0400-02-29T12:00:00.000Z"],
    ["a leap day of 2000", "2000-02-29", "2000-02-29T00:00:00.000Z"],
    ["a leap day of 2024", "2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["a leap day into March at -02:00", "2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00.000Z"],
    ["March into a leap day at +05:45", "2024-03-01T05:44:59+05:45", "2024-02-29T23:59:59.000Z"],
    ["a new year's night into the old year at +01:00", "2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"],
    ["a new year's eve into the new year at -12:00", "2025-12-31T12:30:00-12:00", "2026-01-01T00:30:00.000Z"],
    ["the Gregorian reform's skipped days (proleptic calendar)", "1582-10-10", "1582-10-10T00:00:00.000Z"],
    ["before the epoch", "1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"],
    ["2038 past 32-bit seconds", "2038-01-19T03:14:08Z", "2038-01-19T03:14:08.000Z"],
  ])("%s: %s reads back as %s from create, read, PATCH, PUT and batch update", async (_, written, expected) => {
    const task = await createTask(server, users.Alice, { title: "dated", dueDate: written });
    expect(task.dueDate).toBe(expected);
    expect(await dueDateOf(users.Alice, task.id)).toBe(expected);

    const cleared = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { dueDate: null } });
    expect(cleared.body.dueDate).toBeNull();
    const patched = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { dueDate: written } });
    expectStatus(patched, 200);
    expect(patched.body.dueDate).toBe(expected);

    const replaced = await call(server, "PUT", `/api/tasks/${task.id}`, { as: as("Alice"), json: { title: "dated", dueDate: written } });
    expectStatus(replaced, 200);
    expect(replaced.body.dueDate).toBe(expected);

    const operations = [{ op: "update", id: task.id, body: { dueDate: written } }];
    const batch = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations } });
    expectStatus(batch, 200);
    expect(batch.body.results[0].task.dueDate).toBe(expected);
    expect(await dueDateOf(users.Alice, task.id)).toBe(expected);
  });

  it("replays an Idempotency-Key's first answer with the same dates", async () => {
    const headers = { "idempotency-key": "dates-roundtrip-year-10" };
    const json = { title: "once", dueDate: "0010-01-01T00:00:00Z" };
    const first = await call(server, "POST", "/api/tasks", { as: as("Alice"), json, headers });
    expectStatus(first, 201);
    expect(first.body.dueDate).toBe("0010-01-01T00:00:00.000Z");
    const again = await call(server, "POST", "/api/tasks", { as: as("Alice"), json, headers });
    expectStatus(again, 201);
    expect(again.body).toEqual(first.body);
  });
});

describe("instants outside the range", () => {
  const outOfRange = [
    "0000-01-01",
    "0000-02-29",
    "0000-12-31T23:59:59.999Z",
    "0000-06-15T12:00:00+14:00",
    "0001-01-01T00:30:00+01:00",
    "0001-01-01T13:59:59.999+14:00",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T12:00:00-12:00",
  ];
  const malformed = ["1900-02-29", "0100-02-29", "10000-01-01", "+010000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z"];
  const refusals: [string, string][] = [...outOfRange.map((v): [string, string] => [v, RANGE]), ...malformed.map((v): [string, string] => [v, FORMAT])];

  async function aliceTaskCount(): Promise<number> {
    return (await call(server, "GET", "/api/tasks/summary", { as: as("Alice") })).body.total;
  }

  it.each(refusals)("%s is a 422 naming dueDate on create, PUT, PATCH and in a batch, and writes nothing", async (dueDate, message) => {
    const task = await createTask(server, users.Alice, { title: "kept", dueDate: "2026-05-01" });
    const before = await aliceTaskCount();
    const expected = problems.validation([{ path: "dueDate", message }]);
    for (const [method, path, json] of [
      ["POST", "/api/tasks", { title: "t", dueDate }],
      ["PUT", `/api/tasks/${task.id}`, { title: "t", dueDate }],
      ["PATCH", `/api/tasks/${task.id}`, { dueDate }],
    ] as const) {
      const res = await call(server, method, path, { as: as("Alice"), json });
      expect([method, res.status, res.body]).toEqual([method, 422, expected]);
    }
    const operations = [
      { op: "create", body: { title: "t", dueDate: "2026-05-01" } },
      { op: "create", body: { title: "t", dueDate } },
      { op: "update", id: task.id, body: { dueDate } },
    ];
    const batch = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations } });
    expect([batch.status, batch.body]).toEqual([
      422,
      problems.validation([
        { path: "operations.1.body.dueDate", message },
        { path: "operations.2.body.dueDate", message },
      ]),
    ]);
    expect(await aliceTaskCount()).toBe(before);
    expect(await dueDateOf(users.Alice, task.id)).toBe("2026-05-01T00:00:00.000Z");
  });

  it.each(refusals)("%s is a 400 naming dueBefore or dueAfter", async (value, message) => {
    for (const name of ["dueBefore", "dueAfter"]) {
      for (const sort of ["createdAt", "dueDate"]) {
        const res = await call(server, "GET", `/api/tasks?${name}=${encodeURIComponent(value)}&sort=${sort}`, { as: as("Alice") });
        expect([name, res.status, res.body]).toEqual([name, 400, problems.invalidQuery([{ path: name, message }])]);
      }
    }
  });
});

describe("a keyset walk by due date, one task a page", () => {
  // The issue's four years, the edges of the range, the two-digit years around 50 that the
  // driver misread, a tie (broken by id), and undated tasks (last in both orders).
  const dueDates = [
    "1990-06-01T00:00:00.000Z",
    "0010-01-01T00:00:00.000Z",
    "2026-03-01T00:00:00.000Z",
    "1500-01-01T00:00:00.000Z",
    FIRST,
    LAST,
    "0049-01-01T00:00:00.000Z",
    "0050-01-01T00:00:00.000Z",
    "0099-12-31T23:59:59.999Z",
    "0010-01-01T00:00:00.000Z",
    null,
    null,
  ];

  it.each(["asc", "desc"] as const)("order=%s returns every task exactly once, in order", async (order) => {
    const bob = users.Bob;
    if ((await walk(bob, "limit=100")).length === 0) {
      for (const dueDate of dueDates) await createTask(server, bob, { title: "walk", dueDate });
    }
    const all = await walk(bob, "limit=100");
    const sign = order === "asc" ? 1 : -1;
    const expected = [...all].sort((a, b) => {
      if (a.dueDate === null || b.dueDate === null) return (a.dueDate === null ? 1 : 0) - (b.dueDate === null ? 1 : 0) || sign * a.id.localeCompare(b.id);
      return sign * (a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
    });
    const walked = await walk(bob, `sort=dueDate&order=${order}&limit=1`);
    expect(walked.map((t) => [t.dueDate, t.id])).toEqual(expected.map((t) => [t.dueDate, t.id]));
    expect(new Set(walked.map((t) => t.id)).size).toBe(dueDates.length);
  });

  it.each(["createdAt", "updatedAt"])("sort=%s walks every task once too", async (sort) => {
    for (const order of ["asc", "desc"]) {
      const walked = await walk(users.Bob, `sort=${sort}&order=${order}&limit=1`);
      expect(new Set(walked.map((t) => t.id)).size).toBe(walked.length);
      expect(walked).toHaveLength((await walk(users.Bob, "limit=100")).length);
    }
  });
});

describe("the summary at the edges of the range", () => {
  it.each(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Asia/Kathmandu", "America/St_Johns"])("counts them in %s", async (tz) => {
    const carol = users.Carol;
    if ((await walk(carol, "limit=100")).length === 0) {
      for (const json of [
        { title: "first", dueDate: FIRST },
        { title: "year 10", dueDate: "0010-01-01" },
        { title: "last", dueDate: LAST },
        { title: "done", dueDate: FIRST, completed: true },
      ]) {
        await createTask(server, carol, json);
      }
    }
    const res = await call(server, "GET", `/api/tasks/summary?tz=${encodeURIComponent(tz)}`, { as: as("Carol") });
    expect([res.status, res.body]).toEqual([200, { total: 4, pending: 3, completed: 1, overdue: 2, dueToday: 0 }]);
  });
});
