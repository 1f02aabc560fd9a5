import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { database } from "@/db/client";
import { idempotencyKeys, tags, taskTags, tasks } from "@/db/schema";
import { createdTask, createdTaskResponse } from "@/lib/http/responses";
import { listChanges } from "@/lib/tasks/changes";
import { createTaskOnce } from "@/lib/tasks/idempotency";
import { listTasks } from "@/lib/tasks/list";
import { SORT_ORDERS, TASK_SORTS, type ListTasksQuery } from "@/lib/tasks/list-query";
import { taskJson } from "@/lib/tasks/responses";
import { createTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, createList } from "../support/list-fixtures";

// Every task answer carries its tags ({ id, name, color }, by folded name) and its
// commentCount, read in the statement that reads the task: a page is one statement however
// many tags its tasks carry, a single read or write is one too.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let alice: string;
let bob: string;
let home: string; // Alice's list
let shared: string; // Bob's list, Alice a viewer
const tagIds: Record<string, string> = {};

async function insertTag(listId: string, name: string, color: string | null = null) {
  const db = await database();
  const id = crypto.randomUUID();
  await db.insert(tags).values({ id, listId, name, color: color as never });
  tagIds[`${listId}/${name}`] = id;
  return { id, name, color };
}

async function tag(taskId: string, listId: string, tagId: string) {
  const db = await database();
  await db.insert(taskTags).values({ taskId, tagId, listId });
}

beforeAll(async () => {
  env = await useCleanDatabase();
  alice = await insertUser("alice-id");
  bob = await insertUser("bob-id");
  home = await createList(alice, "Home");
  shared = await createList(bob, "Shared");
  await addMember(shared, alice, "viewer");
});
afterAll(() => env?.close());

/** How many statements `work` sends (Drizzle's logger sees every one outside a transaction). */
async function statementsOf(work: () => Promise<unknown>): Promise<number> {
  const db = await database();
  const logger = (db as unknown as { session: { logger: { logQuery(query: string, params: unknown[]): void } } }).session.logger;
  const spy = vi.spyOn(logger, "logQuery");
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("a task's tags and comment count in every answer", () => {
  let task: Awaited<ReturnType<typeof createTask>>;
  let expected: { id: string; name: string; color: string | null }[];

  beforeAll(async () => {
    task = await createTask(alice, { title: "water the roses", listId: home });
    // Inserted out of order: the answer orders them by name, case and accents folded.
    const zebra = await insertTag(home, "zebra", "purple");
    const eclair = await insertTag(home, "Éclair", "yellow");
    const apple = await insertTag(home, "apple");
    const banana = await insertTag(home, "Banana", "green");
    await insertTag(home, "unused");
    for (const t of [zebra, eclair, apple, banana]) await tag(task.id, home, t.id);
    expected = [apple, banana, eclair, zebra];
    const db = await database();
    await db.update(tasks).set({ commentCount: 3 }).where(eq(tasks.id, task.id));
  });

  it("a created task has none: [] and 0", async () => {
    const fresh = await createTask(alice, { title: "nothing yet" });
    expect(taskJson(fresh)).toMatchObject({ tags: [], commentCount: 0 });
    expect((await getTask(alice, fresh.id)).tags).toEqual([]);
  });

  it("get: the tags by folded name, and the comment count", async () => {
    const read = await getTask(alice, task.id);
    expect(taskJson(read)).toEqual({ ...taskJson({ ...task, tags: [], commentCount: 3 }), tags: expected, commentCount: 3 });
  });

  it("writes answer the tags too (update, complete)", async () => {
    expect((await updateTask(alice, task.id, { priority: "high" })).tags).toEqual(expected);
    expect((await setTaskCompleted(alice, task.id, undefined)).tags).toEqual(expected);
    expect((await setTaskCompleted(alice, task.id, false)).commentCount).toBe(3);
  });

  it("every sort and order of a page, a search, one list and all of them", async () => {
    const queries: ListTasksQuery[] = [
      ...TASK_SORTS.flatMap((sort) => SORT_ORDERS.map((order) => ({ status: "all" as const, limit: 50, sort, order }))),
      { status: "all", limit: 50, q: "roses" },
      { status: "pending", limit: 50, listId: home },
    ];
    for (const query of queries) {
      const { items } = await listTasks(alice, query);
      expect({ query, tags: items.find((t) => t.id === task.id)?.tags }).toEqual({ query, tags: expected });
      for (const other of items.filter((t) => t.id !== task.id)) expect(other.tags).toEqual([]);
    }
  });

  it("the change feed", async () => {
    const feed = await listChanges(alice, { limit: 500 });
    expect(feed.tasks.find((t) => t.id === task.id)).toMatchObject({ tags: expected, commentCount: 3 });
  });

  it("a shared list's task shows its own list's tags to a viewer", async () => {
    const theirs = await createTask(bob, { title: "shared one", listId: shared });
    const t = await insertTag(shared, "errands", "red");
    await tag(theirs.id, shared, t.id);
    expect((await getTask(alice, theirs.id)).tags).toEqual([t]);
    expect((await listTasks(alice, { status: "all", limit: 50, listId: shared })).items.map((i) => i.tags)).toEqual([[t]]);
  });
});

describe("statements", () => {
  let list: string;

  beforeAll(async () => {
    list = await createList(alice, "Many");
    const made = [];
    for (let i = 0; i < 30; i++) made.push(await createTask(alice, { title: `task ${i}`, listId: list }));
    const three = [await insertTag(list, "one"), await insertTag(list, "two"), await insertTag(list, "three")];
    for (const [i, t] of made.entries()) for (const g of three.slice(0, i % 4)) await tag(t.id, list, g.id);
  });

  it("a page of 30 tasks with their tags is one statement, as a page without tags is", async () => {
    const tagged: ListTasksQuery = { status: "all", limit: 30, listId: list };
    let page: Awaited<ReturnType<typeof listTasks>> | undefined;
    expect(await statementsOf(async () => (page = await listTasks(alice, tagged)))).toBe(1);
    expect(page!.items).toHaveLength(30);
    expect(page!.items.filter((t) => t.tags.length > 0)).toHaveLength(22);
    // Every list, every sort: still one.
    for (const sort of TASK_SORTS) expect(await statementsOf(() => listTasks(alice, { status: "all", limit: 50, sort }))).toBe(1);
  });

  it("a get, an update and a toggle are one statement each", async () => {
    const { items } = await listTasks(alice, { status: "all", limit: 1, listId: list, sort: "createdAt", order: "desc" });
    const id = items[0]!.id;
    expect(items[0]!.tags.length).toBeGreaterThan(0);
    expect(await statementsOf(() => getTask(alice, id))).toBe(1);
    expect(await statementsOf(() => updateTask(alice, id, { title: "renamed" }))).toBe(1);
    expect(await statementsOf(() => setTaskCompleted(alice, id, undefined))).toBe(1);
  });
});

describe("an idempotent replay", () => {
  it("of a response stored before tasks had tags answers them as [] and 0", async () => {
    const db = await database();
    const body = { title: "from before" };
    const key = "stored-before-tags";
    const first = await createTaskOnce(alice, body, key, createdTask);
    // As a record written by the previous version looks: the task without the two fields.
    const { tags: _t, commentCount: _c, ...old } = first.task;
    await db.update(idempotencyKeys).set({ response: { task: old, etag: first.etag } }).where(eq(idempotencyKeys.key, key));
    const replayed = await createTaskOnce(alice, body, key, createdTask);
    expect(replayed).toEqual({ task: old, etag: first.etag });
    const res = createdTaskResponse(replayed);
    expect(await res.json()).toEqual({ ...old, tags: [], commentCount: 0 });
    expect(res.headers.get("etag")).toBe(first.etag);
  });

  it("of a current one answers it as it was", async () => {
    const first = await createTaskOnce(alice, { title: "now" }, "stored-now", createdTask);
    const res = createdTaskResponse(await createTaskOnce(alice, { title: "now" }, "stored-now", createdTask));
    expect(await res.json()).toEqual(first.task);
  });
});
