import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// GET /api/tasks filters, sorts and search, and GET /api/tasks/summary, over real HTTP.
// Expected orders are written out by title: the database does the comparing, never the test.

type TaskJson = Record<string, any>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Alice: the filter and sort fixture. Sam: the search fixture. Tom: the summary fixture.
// Bob: someone else, whose tasks match every query and must never show.
const { server, users } = useAppServer({ users: ["Alice", "Sam", "Tom", "Bob"] });
const mine = new Map<string, TaskJson>(); // Alice's tasks by title
const found = new Map<string, TaskJson>(); // Sam's tasks by title
let now: number;

const iso = (millis: number) => new Date(millis).toISOString();
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

async function list(user: TestUser, query: string) {
  return call(server, "GET", `/api/tasks?${query}`, { as: { user, via: "jwt" } });
}

/** The whole body of a one-page answer: exactly these tasks, in this order. */
function page(from: Map<string, TaskJson>, titles: string[]) {
  return { items: titles.map((t) => from.get(t)), nextCursor: null };
}

beforeAll(async () => {
  now = Date.now();
  // One at a time: creation order is the id order, which breaks every tie below.
  for (const [title, priority, due, completed] of [
    ["Archive old mail", null, null, true],
    ["Buy milk", "medium", iso(now + 2 * DAY), false],
    ["Call the bank", "high", iso(now - 2 * DAY), false], // overdue
    ["Draft the report", "low", "2999-01-01", false], // a calendar date: midnight UTC
    ["Empty the bins", "high", null, false],
    ["File taxes", "medium", iso(now - 5 * DAY), true], // past due but done: not overdue
    ["Go running", "low", null, true],
    ["Hang the picture", null, iso(now + 1 * DAY), false],
    ["Iron shirts", "medium", iso(now + 2 * DAY), false], // same priority and due date as Buy milk...
    ["Iron shirts", "medium", iso(now + 2 * DAY), false], // ...and the same title as the one before
  ] as const) {
    const task = await createTask(server, users.Alice, { title, priority, dueDate: due, completed });
    mine.set(mine.has(title) ? `${title} 2` : title, task);
  }
  // updatedAt moves on a write; createdAt does not.
  const edited = await call(server, "PATCH", `/api/tasks/${mine.get("Call the bank")!.id}`, {
    as: { user: users.Alice, via: "jwt" },
    json: { description: "ask about the loan" },
  });
  mine.set("Call the bank", edited.body);

  for (const [title, description] of [
    ["Café with Ana", null],
    ["cafe run", null],
    ["CAFÉ CRÈME", null],
    ["Plants plants plants", null],
    ["Groceries", "and water the plants"],
    ["Water the garden", "not the plants"],
  ] as const) {
    found.set(title, await createTask(server, users.Sam, { title, description }));
  }

  // Bob matches everything Alice and Sam look for.
  for (const body of [
    { title: "Call the bank", priority: "high", dueDate: iso(now - 2 * DAY) },
    { title: "Iron shirts", priority: "medium", dueDate: iso(now + 2 * DAY) },
    { title: "Café plants water", description: "cafe CRÈME groceries ana", priority: "low" },
    { title: "Archive old mail", completed: true, dueDate: "2999-01-01" },
  ]) {
    await createTask(server, users.Bob, body);
  }
});

const titlesOf = (res: { body: { items: TaskJson[] } }) => res.body.items.map((t) => t.title);

describe("filters", () => {
  it.each([
    ["", ["Iron shirts 2", "Iron shirts", "Hang the picture", "Go running", "File taxes", "Empty the bins", "Draft the report", "Call the bank", "Buy milk", "Archive old mail"]],
    ["status=pending", ["Iron shirts 2", "Iron shirts", "Hang the picture", "Empty the bins", "Draft the report", "Call the bank", "Buy milk"]],
    ["status=completed", ["Go running", "File taxes", "Archive old mail"]],
    ["priority=high", ["Empty the bins", "Call the bank"]],
    ["priority=medium", ["Iron shirts 2", "Iron shirts", "File taxes", "Buy milk"]],
    ["priority=high,low", ["Go running", "Empty the bins", "Draft the report", "Call the bank"]],
    ["priority=low,medium,high", ["Iron shirts 2", "Iron shirts", "Go running", "File taxes", "Empty the bins", "Draft the report", "Call the bank", "Buy milk"]],
    ["hasDueDate=true", ["Iron shirts 2", "Iron shirts", "Hang the picture", "File taxes", "Draft the report", "Call the bank", "Buy milk"]],
    ["hasDueDate=false", ["Go running", "Empty the bins", "Archive old mail"]],
    ["overdue=true", ["Call the bank"]],
    ["overdue=false", ["Iron shirts 2", "Iron shirts", "Hang the picture", "Go running", "File taxes", "Empty the bins", "Draft the report", "Buy milk", "Archive old mail"]],
    // dueBefore is exclusive, dueAfter inclusive; undated tasks match neither.
    ["dueBefore=2999-01-01", ["Iron shirts 2", "Iron shirts", "Hang the picture", "File taxes", "Call the bank", "Buy milk"]],
    ["dueAfter=2999-01-01", ["Draft the report"]],
    ["dueAfter=2999-01-01T00:00:00.001Z", []],
    ["dueBefore=2999-01-01T00:00:00.001Z&dueAfter=2998-12-31T23:59:59.999Z", ["Draft the report"]],
    ["dueAfter=2999-01-01T02:00:00%2B02:00", ["Draft the report"]], // an offset, "+" encoded
    ["dueAfter=2998-12-31T19:00:00-05:00", ["Draft the report"]],
    ["dueBefore=2000-01-01", []],
    // combined (AND)
    ["status=pending&priority=medium,high&hasDueDate=true", ["Iron shirts 2", "Iron shirts", "Call the bank", "Buy milk"]],
    ["status=completed&hasDueDate=true", ["File taxes"]],
    ["overdue=false&hasDueDate=true&priority=medium", ["Iron shirts 2", "Iron shirts", "File taxes", "Buy milk"]],
    ["overdue=true&status=completed", []],
    ["priority=low&hasDueDate=false&status=completed", ["Go running"]],
  ])("?%s", async (query, titles) => {
    const res = await list(users.Alice, query);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(page(mine, titles));
  });

  it("takes instants relative to the tasks, both bounds: dueBefore exclusive, dueAfter inclusive", async () => {
    const call = mine.get("Call the bank")!.dueDate as string;
    const hang = mine.get("Hang the picture")!.dueDate as string;
    const buy = mine.get("Buy milk")!.dueDate as string;
    expect(titlesOf(await list(users.Alice, qs({ dueBefore: call })))).toEqual(["File taxes"]);
    expect(titlesOf(await list(users.Alice, qs({ dueAfter: call, dueBefore: hang })))).toEqual(["Call the bank"]);
    expect(titlesOf(await list(users.Alice, qs({ dueAfter: hang, dueBefore: buy })))).toEqual(["Hang the picture"]);
    expect(titlesOf(await list(users.Alice, qs({ dueAfter: buy, dueBefore: "2999-01-01", sort: "dueDate", order: "asc" })))).toEqual([
      "Buy milk",
      "Iron shirts",
      "Iron shirts",
    ]);
    expect(titlesOf(await list(users.Alice, qs({ dueAfter: iso(now), dueBefore: iso(now + 3 * DAY), sort: "dueDate", order: "desc" })))).toEqual([
      "Iron shirts",
      "Iron shirts",
      "Buy milk",
      "Hang the picture",
    ]);
  });
});

describe("sorts", () => {
  const ALL_CREATED = ["Archive old mail", "Buy milk", "Call the bank", "Draft the report", "Empty the bins", "File taxes", "Go running", "Hang the picture", "Iron shirts", "Iron shirts 2"];

  it.each([
    ["sort=createdAt&order=asc", ALL_CREATED],
    ["sort=createdAt", [...ALL_CREATED].reverse()],
    ["order=desc", [...ALL_CREATED].reverse()],
    // Call the bank was edited last.
    ["sort=updatedAt", ["Call the bank", "Iron shirts 2", "Iron shirts", "Hang the picture", "Go running", "File taxes", "Empty the bins", "Draft the report", "Buy milk", "Archive old mail"]],
    ["sort=updatedAt&order=asc", ["Archive old mail", "Buy milk", "Draft the report", "Empty the bins", "File taxes", "Go running", "Hang the picture", "Iron shirts", "Iron shirts 2", "Call the bank"]],
    // By meaning, high > medium > low, and no priority last in both orders; ties by id.
    ["sort=priority", ["Empty the bins", "Call the bank", "Iron shirts 2", "Iron shirts", "File taxes", "Buy milk", "Go running", "Draft the report", "Hang the picture", "Archive old mail"]],
    ["sort=priority&order=asc", ["Draft the report", "Go running", "Buy milk", "File taxes", "Iron shirts", "Iron shirts 2", "Call the bank", "Empty the bins", "Archive old mail", "Hang the picture"]],
    // No due date last in both orders; equal due dates by id.
    ["sort=dueDate&order=asc", ["File taxes", "Call the bank", "Hang the picture", "Buy milk", "Iron shirts", "Iron shirts 2", "Draft the report", "Archive old mail", "Empty the bins", "Go running"]],
    ["sort=dueDate", ["Draft the report", "Iron shirts 2", "Iron shirts", "Buy milk", "Hang the picture", "Call the bank", "File taxes", "Go running", "Empty the bins", "Archive old mail"]],
    // Case and accents ignored (api-title-sort.test.ts has the hard cases). Equal titles by id.
    ["sort=title&order=asc", ALL_CREATED],
    ["sort=title", [...ALL_CREATED].reverse()],
    // Sorts and filters together.
    ["sort=priority&status=pending&hasDueDate=true", ["Call the bank", "Iron shirts 2", "Iron shirts", "Buy milk", "Draft the report", "Hang the picture"]],
    ["sort=dueDate&order=asc&priority=medium,high", ["File taxes", "Call the bank", "Buy milk", "Iron shirts", "Iron shirts 2", "Empty the bins"]],
    ["sort=title&order=asc&overdue=false&hasDueDate=true&dueBefore=2999-01-01", ["Buy milk", "File taxes", "Hang the picture", "Iron shirts", "Iron shirts 2"]],
  ])("?%s", async (query, titles) => {
    const res = await list(users.Alice, query);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(page(mine, titles));
  });

  // Pages of 3: the third page ends on the 9th task, which has no key here, so the 4th page
  // starts from a cursor holding null. Under sort=title the 9th and 10th are the two "Iron
  // shirts": the 4th page starts inside a tie.
  it("pages through a sort with nulls at the end, and titles with a tie, in both orders", async () => {
    for (const [query, titles] of [
      ["sort=dueDate&order=asc", ["File taxes", "Call the bank", "Hang the picture", "Buy milk", "Iron shirts", "Iron shirts 2", "Draft the report", "Archive old mail", "Empty the bins", "Go running"]],
      ["sort=dueDate&order=desc", ["Draft the report", "Iron shirts 2", "Iron shirts", "Buy milk", "Hang the picture", "Call the bank", "File taxes", "Go running", "Empty the bins", "Archive old mail"]],
      ["sort=priority&order=asc", ["Draft the report", "Go running", "Buy milk", "File taxes", "Iron shirts", "Iron shirts 2", "Call the bank", "Empty the bins", "Archive old mail", "Hang the picture"]],
      ["sort=priority&order=desc", ["Empty the bins", "Call the bank", "Iron shirts 2", "Iron shirts", "File taxes", "Buy milk", "Go running", "Draft the report", "Hang the picture", "Archive old mail"]],
      ["sort=title&order=asc", ALL_CREATED],
      ["sort=title&order=desc", [...ALL_CREATED].reverse()],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(users.Alice, `${query}&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((t: TaskJson) => t.id));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length <= titles.length);
      expect(seen).toEqual(titles.map((t) => mine.get(t)!.id));
    }
  });
});

describe("search (q)", () => {
  it.each([
    // case- and accent-insensitive, both ways; equal ranks by id, newest first
    ["café", ["CAFÉ CRÈME", "cafe run", "Café with Ana"]],
    ["CAFÉ", ["CAFÉ CRÈME", "cafe run", "Café with Ana"]],
    ["Cafe", ["CAFÉ CRÈME", "cafe run", "Café with Ana"]],
    ["creme", ["CAFÉ CRÈME"]],
    ["  ana  ", ["Café with Ana"]], // trimmed
    // words in the description count; a title repeating the word ranks above one mention
    ["plants", ["Plants plants plants", "Water the garden", "Groceries"]],
    ["water", ["Water the garden", "Groceries"]],
    // websearch syntax: "a phrase", or; all words by default (-excluded: below)
    ['"water the plants"', ["Groceries"]],
    ["water plants", ["Groceries", "Water the garden"]], // all words: the closer together, the higher
    ["water garden", ["Water the garden"]],
    ["ana or groceries", ["Groceries", "Café with Ana"]],
    // no match, and nothing searchable at all: an empty page, not an error
    ["zebra", []],
    ["!!!", []],
  ])("q=%j", async (q, titles) => {
    const res = await list(users.Sam, qs({ q }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(page(found, titles));
  });

  // ts_rank gives 0 to every match of a query with a negation (PostgreSQL's ranking, not
  // ours), so these are listed by creation to show what matches.
  it.each([
    ["plants -garden", ["Plants plants plants", "Groceries"]],
    ["-plants", ["Café with Ana", "cafe run", "CAFÉ CRÈME"]], // only a negation: everything else
    ['plants -"the garden"', ["Plants plants plants", "Groceries"]],
  ])("q=%j excludes", async (q, titles) => {
    const res = await list(users.Sam, qs({ q, sort: "createdAt", order: "asc" }));
    expect(res.body).toEqual(page(found, titles));
  });

  it("combines with an explicit sort and with filters", async () => {
    expect((await list(users.Sam, qs({ q: "cafe", sort: "createdAt", order: "asc" }))).body).toEqual(
      page(found, ["Café with Ana", "cafe run", "CAFÉ CRÈME"]),
    );
    expect((await list(users.Sam, qs({ q: "plants", order: "asc" }))).body).toEqual(page(found, ["Groceries", "Water the garden", "Plants plants plants"]));
    expect((await list(users.Sam, qs({ q: "plants", status: "completed" }))).body).toEqual(page(found, []));
    expect((await list(users.Alice, qs({ q: "iron", priority: "medium" }))).body).toEqual(page(mine, ["Iron shirts 2", "Iron shirts"]));
    expect((await list(users.Alice, qs({ q: "the", sort: "dueDate", order: "asc" }))).body).toEqual(
      page(mine, ["Call the bank", "Hang the picture", "Draft the report", "Empty the bins"]),
    );
  });

  it("pages by rank with cursors that carry the exact rank", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(users.Sam, `${qs({ q: "plants", limit: "1" })}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((t: TaskJson) => t.title));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Plants plants plants", "Water the garden", "Groceries"]);
  });
});

describe("another user's tasks", () => {
  it("never appear in Alice's filters, sorts or searches", async () => {
    const theirs = new Set(titlesOf(await list(users.Bob, "limit=100")));
    expect(theirs.size).toBe(4);
    for (const query of ["", "priority=high", "overdue=true", "dueAfter=2999-01-01", "status=completed", "q=cafe", "q=bank", "sort=title", "sort=dueDate&order=asc"]) {
      const res = await list(users.Alice, query);
      expect(res.status).toBe(200);
      for (const t of res.body.items) expect([...mine.values()].map((m) => m.id)).toContain(t.id);
    }
    expect((await list(users.Sam, qs({ q: "groceries ana" }))).body).toEqual(page(found, []));
  });

  it("are all Bob finds himself", async () => {
    const res = await list(users.Bob, qs({ q: "café crème" }));
    expect(titlesOf(res)).toEqual(["Café plants water"]);
  });
});

describe("bad query parameters", () => {
  const DUE = "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).";
  const PRIORITY = "Must be one or more of low, medium, high, comma-separated, each at most once.";
  const BOOLEAN = "Must be true or false.";

  it.each([
    ["priority=urgent", "priority", PRIORITY],
    ["priority=", "priority", PRIORITY],
    ["priority=high,high", "priority", PRIORITY],
    ["priority=high,", "priority", PRIORITY],
    ["priority=HIGH", "priority", PRIORITY],
    ["dueBefore=tomorrow", "dueBefore", DUE],
    ["dueBefore=", "dueBefore", DUE],
    ["dueBefore=2026-05-01T17:00:00", "dueBefore", DUE],
    ["dueAfter=2026-02-30", "dueAfter", DUE],
    ["dueAfter=2026-05-01T19:00:00+02:00", "dueAfter", DUE], // an unencoded "+" is a space
    ["dueAfter=1777654800123", "dueAfter", DUE],
    ["overdue=yes", "overdue", BOOLEAN],
    ["overdue=", "overdue", BOOLEAN],
    ["hasDueDate=1", "hasDueDate", BOOLEAN],
    ["hasDueDate=TRUE", "hasDueDate", BOOLEAN],
    ["q=", "q", "Must not be empty."],
    ["q=%20%20", "q", "Must not be empty."],
    [`q=${"x".repeat(201)}`, "q", "At most 200 characters."],
    ["q=a%00b", "q", "Must not contain control characters."],
    ["sort=rank", "sort", "Must be createdAt, updatedAt, dueDate, priority or title."],
    ["sort=due_date", "sort", "Must be createdAt, updatedAt, dueDate, priority or title."],
    ["sort=", "sort", "Must be createdAt, updatedAt, dueDate, priority or title."],
    ["order=up", "order", "Must be asc or desc."],
    ["order=DESC", "order", "Must be asc or desc."],
    ["status=done", "status", "Must be all, pending or completed."],
    ["limit=0", "limit", "Must be from 1 to 100."],
    ["search=x", "search", "Unknown or read-only field."],
    [`cursor=${"c".repeat(1501)}`, "cursor", "Too big: expected string to have <=1500 characters"],
  ])("?%s: 400 naming %s", async (query, path, message) => {
    const res = await list(users.Alice, query);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toEqual(problems.invalidQuery([{ path, message }]));
  });

  it("names every bad parameter of one request", async () => {
    const res = await list(users.Alice, "priority=x&dueBefore=x&overdue=x&q=&sort=x&order=x");
    expect(res.body).toEqual(
      problems.invalidQuery([
        { path: "priority", message: PRIORITY },
        { path: "dueBefore", message: DUE },
        { path: "overdue", message: BOOLEAN },
        { path: "q", message: "Must not be empty." },
        { path: "sort", message: "Must be createdAt, updatedAt, dueDate, priority or title." },
        { path: "order", message: "Must be asc or desc." },
      ]),
    );
  });

  it("refuses a repeated parameter rather than picking one", async () => {
    const res = await list(users.Alice, "priority=high&priority=low");
    expect(res.body).toEqual(
      problems.invalidQuery([{ path: "priority", message: "Given more than once." }], "The parameter priority is given more than once."),
    );
  });
});

describe("GET /api/tasks/summary", () => {
  // The calendar date of an instant in a zone, as YYYY-MM-DD.
  const dateIn = (millis: number, timeZone: string) =>
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(millis);

  // A due instant meeting `wanted`, at least an hour from now (so "overdue" cannot change
  // during the test), searched half-hourly from yesterday to the day after tomorrow (UTC).
  function dueWhere(wanted: (millis: number) => boolean): number {
    const start = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - DAY;
    for (let t = start + HOUR / 2; t < start + 4 * DAY; t += HOUR / 2) {
      if (Math.abs(t - Date.now()) > HOUR && wanted(t)) return t;
    }
    throw new Error("no such instant");
  }
  const isToday = (millis: number, timeZone: string) => dateIn(millis, timeZone) === dateIn(Date.now(), timeZone);

  let todayInUtcOnly: number; // e.g. 23:30Z before 15:00Z: still today in UTC, tomorrow in Tokyo
  let todayInTokyoOnly: number;
  let todayInBoth: number;

  beforeAll(async () => {
    todayInUtcOnly = dueWhere((t) => isToday(t, "UTC") && !isToday(t, "Asia/Tokyo"));
    todayInTokyoOnly = dueWhere((t) => isToday(t, "Asia/Tokyo") && !isToday(t, "UTC"));
    todayInBoth = dueWhere((t) => isToday(t, "UTC") && isToday(t, "Asia/Tokyo"));
    for (const [dueDate, completed] of [
      [todayInUtcOnly, false],
      [todayInUtcOnly, true], // done or not, it was due today
      [todayInTokyoOnly, false],
      [todayInBoth, false],
      [now - 3 * DAY, false], // overdue
      [now - 3 * DAY, true], // past, but done
      [now + 30 * DAY, false],
      [null, false],
      [null, true],
    ] as const) {
      await createTask(server, users.Tom, { title: "t", dueDate: dueDate === null ? null : iso(dueDate), completed });
    }
  });

  async function summary(user: TestUser, query = "") {
    return call(server, "GET", `/api/tasks/summary${query}`, { as: { user, via: "jwt" } });
  }

  it("counts the caller's tasks, dueToday in UTC by default", async () => {
    // The pending tasks due "today" may already be past: those are overdue too.
    const pendingPast = [todayInUtcOnly, todayInTokyoOnly, todayInBoth].filter((t) => t < Date.now()).length;
    const res = await summary(users.Tom);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 9, pending: 6, completed: 3, overdue: 1 + pendingPast, dueToday: 3 });
    expect((await summary(users.Tom, "?tz=UTC")).body).toEqual(res.body);
  });

  it("counts dueToday on today's date in the given zone", async () => {
    // By construction: in Tokyo, todayInTokyoOnly and todayInBoth, not the two todayInUtcOnly.
    expect((await summary(users.Tom, "?tz=Asia/Tokyo")).body.dueToday).toBe(2);
    expect((await summary(users.Tom, "?tz=UTC")).body.dueToday).toBe(3);
    // Elsewhere it depends on the hour; the zone's own calendar says which.
    for (const tz of ["America/Los_Angeles", "Europe/Paris", "Pacific/Kiritimati", "Etc/GMT+12"]) {
      const due = [todayInUtcOnly, todayInUtcOnly, todayInTokyoOnly, todayInBoth];
      const res = await summary(users.Tom, `?tz=${encodeURIComponent(tz)}`);
      expect(res.status).toBe(200);
      expect(res.body.dueToday).toBe(due.filter((t) => isToday(t, tz)).length);
    }
  });

  it("counts only the caller's own tasks", async () => {
    expect((await summary(users.Bob)).body).toEqual({ total: 4, pending: 3, completed: 1, overdue: 1, dueToday: 0 });
    expect((await summary(users.Alice)).body).toEqual({ total: 10, pending: 7, completed: 3, overdue: 1, dueToday: 0 });
    const fresh = await signUp(server, "Fresh");
    expect((await summary(fresh)).body).toEqual({ total: 0, pending: 0, completed: 0, overdue: 0, dueToday: 0 });
  });

  it.each([
    ["?tz=", "tz", "Must be an IANA time zone name, such as Europe/Paris or UTC."],
    ["?tz=Mars/Olympus_Mons", "tz", "Must be an IANA time zone name, such as Europe/Paris or UTC."],
    ["?tz=PST", "tz", "Must be an IANA time zone name, such as Europe/Paris or UTC."],
    ["?tz=UTC%2B3", "tz", "Must be an IANA time zone name, such as Europe/Paris or UTC."],
    ["?tz=Europe/Paris'--", "tz", "Must be an IANA time zone name, such as Europe/Paris or UTC."],
    ["?date=2026-05-01", "date", "Unknown or read-only field."],
  ])("refuses %s with 400 naming %s", async (query, path, message) => {
    const res = await summary(users.Tom, query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(problems.invalidQuery([{ path, message }]));
  });

  it("needs a caller", async () => {
    const res = await call(server, "GET", "/api/tasks/summary");
    expect(res.status).toBe(401);
  });
});
