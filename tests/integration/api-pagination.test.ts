import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

const { server, users } = useAppServer({ users: ["Carol"] });
const created: { id: string; completed: boolean }[] = [];

beforeAll(async () => {
  // 250 tasks, a third completed, several per millisecond: the id must break ties.
  for (let i = 0; i < 250; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, j) => createTask(server, users.Carol, { title: `task ${i + j}`, completed: (i + j) % 3 === 0 })),
    );
    created.push(...batch.map((t) => ({ id: t.id as string, completed: t.completed as boolean })));
  }
});

async function walk(query: string, between?: (page: number, seen: string[]) => Promise<void>, user = users.Carol) {
  const pages: { id: string; createdAt: string }[][] = [];
  let cursor: string | null = null;
  do {
    const res = await call(server, "GET", `/api/tasks?${query}${cursor ? `&cursor=${cursor}` : ""}`, { as: { user, via: "jwt" } });
    expect(res.status).toBe(200);
    pages.push(res.body.items);
    cursor = res.body.nextCursor;
    if (cursor) await between?.(pages.length, pages.flat().map((t) => t.id));
  } while (cursor);
  return pages;
}

function expectNewestFirst(items: { id: string; createdAt: string }[]) {
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1]!, items[i]!];
    expect(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id)).toBe(true);
  }
}

describe("keyset pagination", () => {
  it.each([100, 37, 1])("walks all 250 tasks exactly once with limit=%i", async (limit) => {
    const pages = await walk(`limit=${limit}`);
    const items = pages.flat();
    expect(pages).toHaveLength(Math.ceil(250 / limit));
    expect(items.map((t) => t.id).sort()).toEqual(created.map((t) => t.id).sort());
    expectNewestFirst(items);
  });

  it("defaults to 50 per page, the last page without a cursor", async () => {
    const pages = await walk("");
    expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 50]);
  });

  it("lists the newest first in creation order, even within one millisecond", async () => {
    const items = (await walk("limit=100")).flat();
    expect(items.map((t) => t.id)).toEqual(created.map((t) => t.id).sort().reverse());
  });

  it.each([
    ["pending", false],
    ["completed", true],
  ])("filters status=%s across pages", async (status, completed) => {
    const items = (await walk(`status=${status}&limit=30`)).flat();
    const expected = created.filter((t) => t.completed === completed).map((t) => t.id).sort();
    expect(items.map((t) => t.id).sort()).toEqual(expected);
  });

  it("returns every task exactly once while tasks are added between pages", async () => {
    const before = (await walk("limit=100")).flat().map((t) => t.id);
    const added: string[] = [];
    const items = (
      await walk("limit=40", async () => {
        added.push((await createTask(server, users.Carol, { title: "added mid-walk" })).id);
      })
    ).flat();
    const ids = items.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !added.includes(id)).sort()).toEqual([...before].sort());
    // New tasks are newer than the walk's position: they belong to a fresh first page.
    expect(ids.filter((id) => added.includes(id))).toEqual([]);
  });
});

describe("keyset pagination under every sort, with writes between pages", () => {
  // Few distinct keys, so that ties are everywhere and the id has to break them; accents and
  // case so that the title order is the folded one (api-title-sort.test.ts spells it out),
  // which this test never computes: it walks against a snapshot of one page.
  const TITLES = ["walk the dog", "Water plants", "água", "Zebra", "apple", "Éclair", "banana"];
  const PRIORITIES = ["high", "medium", "low", null];
  const DUES = [null, "2026-01-05T10:00:00Z", "2027-03-01", "2026-01-05T10:00:00Z", "2030-12-31T23:59:59.999Z"];
  const body = (i: number) => ({
    title: TITLES[i % TITLES.length],
    description: "walk ".repeat(1 + (i % 3)).trim(), // ?q=walk ranks: 1 to 4 mentions, ties again
    priority: PRIORITIES[i % PRIORITIES.length],
    dueDate: DUES[i % DUES.length],
  });

  it.each([
    ["sort=createdAt&order=desc"],
    ["sort=createdAt&order=asc"],
    ["sort=updatedAt&order=desc"],
    ["sort=updatedAt&order=asc"],
    ["sort=dueDate&order=desc"],
    ["sort=dueDate&order=asc"],
    ["sort=priority&order=desc"],
    ["sort=priority&order=asc"],
    ["sort=title&order=desc"],
    ["sort=title&order=asc"],
    ["q=walk&order=desc"], // by rank
    ["q=walk&order=asc"],
  ])("?%s returns every task that stayed put exactly once, in order", async (query) => {
    const user = await signUp(server, "Walker");
    const as = { as: { user, via: "jwt" as const } };
    for (let i = 0; i < 42; i += 14) {
      await Promise.all(Array.from({ length: 14 }, (_, j) => createTask(server, user, body(i + j))));
    }
    const before: string[] = (await call(server, "GET", `/api/tasks?${query}&limit=100`, as)).body.items.map((t: { id: string }) => t.id);
    expect(before).toHaveLength(42);

    // Between pages: two new tasks with keys all over the order, one unseen task edited in a
    // field that is not its sort key (only updatedAt moves on every write), one deleted.
    const deleted = new Set<string>();
    const edited = new Set<string>();
    const added = new Set<string>();
    let n = 100;
    const pages = await walk(
      `${query}&limit=5`,
      async (_, seen) => {
        expect(new Set(seen).size).toBe(seen.length); // fail now rather than loop on
        for (let k = 0; k < 2; k++) added.add((await createTask(server, user, body(n++))).id);
        const unseen = before.filter((id) => !seen.includes(id) && !deleted.has(id) && !edited.has(id));
        if (unseen.length < 2) return;
        const edit = unseen[Math.floor((unseen.length * 2) / 3)]!;
        const change = query.startsWith("q=") ? { completed: true } : { completed: true, description: "walk edited" };
        expect((await call(server, "PATCH", `/api/tasks/${edit}`, { ...as, json: change })).status).toBe(200);
        edited.add(edit);
        const gone = unseen[Math.floor(unseen.length / 3)]!;
        expect((await call(server, "DELETE", `/api/tasks/${gone}`, as)).status).toBe(204);
        deleted.add(gone);
      },
      user,
    );
    const ids = pages.flat().map((t) => t.id);
    expect(deleted.size).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(ids.filter((id) => deleted.has(id))).toEqual([]);
    // Every task that was there throughout with its key unchanged, once, in the order of a
    // snapshot taken before the walk. Under updatedAt an edit is a move: those may go either way.
    const stayed = before.filter((id) => !deleted.has(id) && !(query.includes("updatedAt") && edited.has(id)));
    expect(ids.filter((id) => stayed.includes(id))).toEqual(stayed);
    expect(ids.filter((id) => !before.includes(id) && !added.has(id))).toEqual([]);
  });
});

describe("cursors", () => {
  const INVALID = problems.invalidQuery(
    [{ path: "cursor", message: "Invalid cursor." }],
    "The cursor is not one this API returned for this sort and these filters.",
  );
  let erin: TestUser; // tasks for every filter: two of each priority, due in 2500 or never
  beforeAll(async () => {
    erin = await signUp(server, "Erin");
    for (let i = 0; i < 8; i++) {
      const body = { title: `task ${i}`, priority: ["high", "low"][i % 2], dueDate: i % 4 < 2 ? "2500-01-01" : null };
      await createTask(server, erin, body);
    }
  });
  const get = (query: string, user = erin) => call(server, "GET", `/api/tasks?${query}`, { as: { user, via: "jwt" } });
  async function cursorOf(query: string, user = erin): Promise<string> {
    const res = await get(`${query}&limit=2`, user);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    return res.body.nextCursor;
  }

  it("refuses a cursor with any one character changed", async () => {
    const cursor = await cursorOf("sort=title");
    for (const i of [0, 5, Math.floor(cursor.length / 2), cursor.indexOf(".") + 1, cursor.length - 1]) {
      const flipped = cursor.slice(0, i) + (cursor[i] === "A" ? "B" : "A") + cursor.slice(i + 1);
      const res = await get(`sort=title&cursor=${flipped}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(INVALID);
    }
  });

  it.each([
    ["sort=title", "sort=dueDate"],
    ["sort=title", "sort=title&order=asc"],
    ["sort=dueDate&order=asc", "sort=dueDate&order=desc"],
    ["", "sort=updatedAt"],
    ["", "status=pending"],
    ["status=pending", "status=completed"],
    ["priority=high", "priority=low"],
    ["priority=high", ""],
    ["hasDueDate=false", "hasDueDate=true"],
    ["overdue=false", ""],
    ["dueBefore=2999-01-01", "dueBefore=2998-01-01"],
    ["dueAfter=2000-01-01", "dueBefore=3000-01-01"],
    ["q=task", "q=tasks"],
    ["q=task", "q=task&sort=createdAt"],
  ])("refuses a cursor from ?%s used with ?%s", async (from, to) => {
    const cursor = await cursorOf(from);
    const res = await get(`${to}&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(INVALID);
  });

  it.each([
    ["limit changes", "sort=title", "sort=title&limit=7"],
    ["defaults spelled out", "", "status=all&sort=createdAt&order=desc"],
    ["priorities in another order", "priority=high,low", "priority=low,high"],
    ["the same instant written differently", "dueAfter=2000-01-01", "dueAfter=2000-01-01T01:00:00%2B01:00"],
    ["q with other surrounding spaces", "q=task", "q=%20task%20"],
  ])("accepts a cursor when only the form differs: %s", async (_, from, to) => {
    const cursor = await cursorOf(from);
    const res = await get(`${to}&cursor=${cursor}`);
    expect(res.status).toBe(200);
  });

  it("gives another user's valid cursor only the caller's own tasks", async () => {
    const dave = await signUp(server, "Dave");
    const mine = new Set<string>();
    for (let i = 0; i < 5; i++) mine.add((await createTask(server, dave, { title: `task ${i}`, priority: "high" })).id);
    for (const query of ["sort=title", "sort=priority&order=asc", "q=task", ""]) {
      const theirs = await cursorOf(query); // Erin's, HMAC-valid for this listing
      const res = await get(`${query}&limit=100&cursor=${theirs}`, dave);
      expect(res.status).toBe(200);
      for (const t of res.body.items) expect(mine.has(t.id)).toBe(true);
    }
  });
});
