import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";

let server: AppServer;
let carol: TestUser;
const created: { id: string; completed: boolean }[] = [];

beforeAll(async () => {
  server = await startAppServer();
  carol = await signUp(server, "Carol");
  // 250 tasks, a third completed, several per millisecond: the id must break ties.
  for (let i = 0; i < 250; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, j) => createTask(server, carol, { title: `task ${i + j}`, completed: (i + j) % 3 === 0 })),
    );
    created.push(...batch.map((t) => ({ id: t.id as string, completed: t.completed as boolean })));
  }
});
afterAll(() => server?.stop());

async function walk(query: string, between?: (page: number) => Promise<void>) {
  const pages: { id: string; createdAt: string }[][] = [];
  let cursor: string | null = null;
  do {
    const res = await call(server, "GET", `/api/tasks?${query}${cursor ? `&cursor=${cursor}` : ""}`, { as: { user: carol, via: "jwt" } });
    expect(res.status).toBe(200);
    pages.push(res.body.items);
    cursor = res.body.nextCursor;
    await between?.(pages.length);
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
        added.push((await createTask(server, carol, { title: "added mid-walk" })).id);
      })
    ).flat();
    const ids = items.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !added.includes(id)).sort()).toEqual([...before].sort());
    // New tasks are newer than the walk's position: they belong to a fresh first page.
    expect(ids.filter((id) => added.includes(id))).toEqual([]);
  });
});
