import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { listMembers, lists, type ListRole } from "@/db/schema";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { startAppServer, stopChild, type AppServer } from "../support/app-server";
import { problems } from "../support/problems";

// GET /api/tasks without listId lists the tasks of every list the caller is a member of;
// with listId, one list's. Three lists of two owners are visible to Alice: her Inbox, her
// Groceries (shared with Bob as editor and Dave as viewer) and Bob's Work (shared with her
// as viewer); Bob's Inbox is not. Memberships are written into list_members directly (the
// invitations API is tested on its own). Every walk is compared with a model of the tasks
// sorted in the test.

let first: AppServer;
let server: AppServer;
let alice: TestUser, bob: TestUser, carol: TestUser, dave: TestUser;
let inbox: { alice: string; bob: string };
let groceries: string;
let work: string;
type Task = { id: string; listId: string; title: string; completed: boolean; priority: string | null; dueDate: string | null; createdAt: string; updatedAt: string };
const all: Task[] = [];

/**
 * Runs `edit` on the server's database. PostgreSQL: live, beside the running server. PGlite
 * is one process's: the server stops, the edit runs, and it starts again on the same data,
 * port and signing key, so the JWTs issued before still verify.
 */
async function editDatabase(edit: (db: Database) => Promise<unknown>): Promise<void> {
  const target = { databaseUrl: server.db.databaseUrl, dataDir: server.db.dataDir };
  if (!target.databaseUrl) await (server === first ? stopChild(first.child) : server.stop());
  const handle = openDatabase(target);
  try {
    await edit(handle.db);
  } finally {
    await handle.close();
  }
  if (!target.databaseUrl) {
    server = await startAppServer({ port: Number(new URL(first.url).port), database: { db: first.db, signingKey: first.signingKey } });
  }
}

const inboxOf = async (db: Database, userId: string) =>
  (await db.select({ id: lists.id }).from(lists).where(and(eq(lists.ownerId, userId), sql`${lists.inbox}`)))[0]!.id;

const member = (listId: string, user: TestUser, role: ListRole) => ({ listId, userId: user.id, role });

beforeAll(async () => {
  first = server = await startAppServer();
  [alice, bob, carol, dave] = await Promise.all(["Alice", "Bob", "Carol", "Dave"].map((name) => signUp(server, name))) as [TestUser, TestUser, TestUser, TestUser];
  groceries = crypto.randomUUID();
  work = crypto.randomUUID();
  await editDatabase(async (db) => {
    inbox = { alice: await inboxOf(db, alice.id), bob: await inboxOf(db, bob.id) };
    await db.insert(lists).values([
      { id: groceries, ownerId: alice.id, name: "Groceries" },
      { id: work, ownerId: bob.id, name: "Work" },
    ]);
    await db.insert(listMembers).values([
      member(groceries, alice, "owner"),
      member(groceries, bob, "editor"),
      member(groceries, dave, "viewer"),
      member(work, bob, "owner"),
      member(work, alice, "viewer"),
    ]);
  });
  // 24 tasks in each of the four lists, by their lists' editors, in every combination of
  // the sort keys: ties on every key but the id, no due date, no priority, accents, case.
  const TITLES = ["apples", "Café", "cafe", "Zebra", "éclair", "milk", "Milk", "bread"];
  const PRIORITIES = [null, "low", "medium", "high"];
  const DUE = [null, "2020-03-01T00:00:00Z", "2031-01-01T00:00:00Z", null, "2020-03-01T00:00:00Z"];
  const writers: [TestUser, string][] = [[alice, inbox.alice], [bob, groceries], [alice, groceries], [bob, work], [bob, inbox.bob]];
  for (let i = 0; i < 96; i++) {
    const [writer, listId] = writers[i % writers.length]!;
    const task = await createTask(server, writer, {
      listId,
      title: `${TITLES[i % TITLES.length]}${i % 3 === 0 ? "" : ` ${i % 5}`}`,
      priority: PRIORITIES[i % 4],
      dueDate: DUE[i % 5],
      completed: i % 3 === 1,
    });
    all.push(task as Task);
  }
  // Some edits, so that updatedAt differs from createdAt's order.
  for (const task of all.filter((_, i) => i % 7 === 0)) {
    const editor = task.listId === work || task.listId === inbox.bob ? bob : alice;
    const res = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: { user: editor, via: "jwt" }, json: { description: "edited" } });
    expect(res.status).toBe(200);
    Object.assign(task, res.body);
  }
}, 120_000);

afterAll(async () => {
  if (server !== first) await server.stop();
  else await stopChild(first.child);
  await first.db.drop();
});

// The model: what each sort means (README, Listing), ties by id in the same direction.
const fold = (title: string) => title.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const RANK: Record<string, number> = { low: 1, medium: 2, high: 3 };
const SORTS = ["createdAt", "updatedAt", "dueDate", "priority", "title"] as const;
function keyOf(task: Task, sort: (typeof SORTS)[number], order: "asc" | "desc"): string | number {
  const last = order === "asc" ? Infinity : -Infinity;
  switch (sort) {
    case "dueDate":
      return task.dueDate === null ? last : Date.parse(task.dueDate);
    case "priority":
      return task.priority === null ? last : RANK[task.priority]!;
    case "title":
      return fold(task.title);
    default:
      return task[sort];
  }
}
function sorted(tasks: Task[], sort: (typeof SORTS)[number], order: "asc" | "desc"): string[] {
  const sign = order === "asc" ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...tasks]
    .sort((a, b) => sign * (cmp(keyOf(a, sort, order), keyOf(b, sort, order)) || cmp(a.id, b.id)))
    .map((t) => t.id);
}

const visibleTo = (listIds: string[]) => all.filter((t) => listIds.includes(t.listId));

async function walk(user: TestUser, query: string, limit = 7): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await call(server, "GET", `/api/tasks?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
      as: { user, via: "jwt" },
    });
    expect(res.status, res.text).toBe(200);
    ids.push(...res.body.items.map((t: Task) => t.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

describe("all my lists", () => {
  it.each(SORTS.flatMap((sort) => (["asc", "desc"] as const).map((order) => [sort, order] as const)))(
    "sort=%s&order=%s walks every visible task exactly once, in the model's order",
    async (sort, order) => {
      const { ids, pages } = await walk(alice, `sort=${sort}&order=${order}`);
      expect(ids).toEqual(sorted(visibleTo([inbox.alice, groceries, work]), sort, order));
      expect(pages).toBeGreaterThan(5);
    },
  );

  it("one list with listId: owned, shared as editor and as viewer", async () => {
    for (const [user, listId] of [[alice, groceries], [bob, groceries], [dave, groceries], [alice, work], [bob, inbox.bob]] as const) {
      for (const sort of ["createdAt", "title", "dueDate"] as const) {
        const { ids } = await walk(user, `listId=${listId}&sort=${sort}&order=asc`, 5);
        expect(ids).toEqual(sorted(visibleTo([listId]), sort, "asc"));
      }
    }
  });

  it("combines the filters with listId and without it", async () => {
    const pendingHighOrLow = (t: Task) => !t.completed && (t.priority === "high" || t.priority === "low");
    for (const listIds of [[groceries], [inbox.alice, groceries, work]]) {
      const listParam = listIds.length === 1 ? `listId=${listIds[0]}&` : "";
      const filtered = await walk(alice, `${listParam}status=pending&priority=low,high&sort=priority`, 3);
      expect(filtered.ids).toEqual(sorted(visibleTo(listIds).filter(pendingHighOrLow), "priority", "desc"));
      const overdue = await walk(alice, `${listParam}overdue=true&sort=dueDate&order=asc`, 4);
      const isOverdue = (t: Task) => !t.completed && t.dueDate !== null && Date.parse(t.dueDate) < Date.now();
      expect(overdue.ids).toEqual(sorted(visibleTo(listIds).filter(isOverdue), "dueDate", "asc"));
      const undated = await walk(alice, `${listParam}hasDueDate=false&sort=updatedAt`, 6);
      expect(undated.ids).toEqual(sorted(visibleTo(listIds).filter((t) => t.dueDate === null), "updatedAt", "desc"));
      // Search: every match of the caller's lists (here, of the one list), none of others'.
      const searched = await walk(alice, `${listParam}q=milk&sort=createdAt`, 4);
      expect(searched.ids).toEqual(sorted(visibleTo(listIds).filter((t) => fold(t.title).startsWith("milk")), "createdAt", "desc"));
    }
  });

  it("a cursor is bound to its listId: another list's, or all lists', is a 400", async () => {
    const page = await call(server, "GET", `/api/tasks?listId=${groceries}&limit=2`, { as: { user: alice, via: "jwt" } });
    const cursor = encodeURIComponent(page.body.nextCursor);
    const invalid = problems.invalidQuery(
      [{ path: "cursor", message: "Invalid cursor." }],
      "The cursor is not one this API returned for this sort and these filters.",
    );
    for (const other of [`listId=${work}&`, ""]) {
      const res = await call(server, "GET", `/api/tasks?${other}limit=2&cursor=${cursor}`, { as: { user: alice, via: "jwt" } });
      expect([res.status, res.body]).toEqual([400, invalid]);
    }
  });
});

describe("a list that is not the caller's", () => {
  // Bob's Inbox exists, Carol is in none of Alice's lists: each answers exactly as an id
  // that names nothing, or one that is not an id at all.
  const cases = () => [
    [carol, groceries],
    [alice, inbox.bob],
    [alice, crypto.randomUUID()],
    [alice, "not-a-list"],
  ] as const;

  it.each(["jwt", "cookie"] as const)("is a 404 No such list for the list, the summary and clear (%s)", async (via) => {
    for (const [user, listId] of cases()) {
      for (const [method, path] of [
        ["GET", `/api/tasks?listId=${listId}`],
        ["GET", `/api/tasks?listId=${listId}&status=pending&q=milk`],
        ["GET", `/api/tasks/summary?listId=${listId}`],
        ["DELETE", `/api/tasks?status=completed&listId=${listId}`],
      ] as const) {
        const res = await call(server, method, path, { as: { user, via } });
        expect([method, path, res.status, res.body]).toEqual([method, path, 404, problems.listNotFound]);
      }
    }
  });

  it("a viewer cannot clear a list's completed tasks (403), and nothing goes", async () => {
    const res = await call(server, "DELETE", `/api/tasks?status=completed&listId=${work}`, { as: { user: alice, via: "jwt" } });
    expect([res.status, res.body]).toEqual([403, problems.forbidden("Viewers of a list cannot delete its tasks.")]);
    expect((await walk(bob, `listId=${work}`, 100)).ids).toHaveLength(visibleTo([work]).length);
  });
});

describe("the summary", () => {
  const countsOf = (tasks: Task[]) => ({
    total: tasks.length,
    pending: tasks.filter((t) => !t.completed).length,
    completed: tasks.filter((t) => t.completed).length,
    overdue: tasks.filter((t) => !t.completed && t.dueDate !== null && Date.parse(t.dueDate) < Date.now()).length,
    dueToday: 0,
  });

  it("counts every visible list's tasks, or one list's", async () => {
    for (const [user, listIds] of [[alice, [inbox.alice, groceries, work]], [bob, [inbox.bob, groceries, work]], [dave, [groceries]], [carol, []]] as const) {
      const res = await call(server, "GET", "/api/tasks/summary", { as: { user, via: "jwt" } });
      expect([user.name, res.status, res.body]).toEqual([user.name, 200, countsOf(visibleTo([...listIds]))]);
      for (const listId of listIds) {
        const one = await call(server, "GET", `/api/tasks/summary?listId=${listId}&tz=Europe/Paris`, { as: { user, via: "cookie" } });
        expect([user.name, one.status, one.body]).toEqual([user.name, 200, countsOf(visibleTo([listId]))]);
      }
    }
  });
});

describe("clearing and leaving", () => {
  it("clears one list's completed tasks, and every editable list's without listId", async () => {
    const res = await call(server, "DELETE", `/api/tasks?status=completed&listId=${groceries}`, { as: { user: bob, via: "jwt" } });
    const cleared = visibleTo([groceries]).filter((t) => t.completed);
    expect([res.status, res.body]).toEqual([200, { deleted: cleared.length }]);
    for (const task of cleared) all.splice(all.indexOf(task), 1);
    expect((await walk(alice, "sort=title")).ids).toEqual(sorted(visibleTo([inbox.alice, groceries, work]), "title", "desc"));
    // Alice may edit her Inbox and Groceries, not Bob's Work (viewer): its tasks stay.
    const everywhere = await call(server, "DELETE", "/api/tasks?status=completed", { as: { user: alice, via: "jwt" } });
    const mine = visibleTo([inbox.alice, groceries]).filter((t) => t.completed);
    expect(everywhere.body).toEqual({ deleted: mine.length });
    for (const task of mine) all.splice(all.indexOf(task), 1);
    expect((await walk(alice, "sort=dueDate")).ids).toEqual(sorted(visibleTo([inbox.alice, groceries, work]), "dueDate", "desc"));
  });

  it("a removed member sees nothing of the list on the very next request, by a JWT issued before", async () => {
    expect((await walk(dave, "sort=createdAt")).ids).toEqual(sorted(visibleTo([groceries]), "createdAt", "desc"));
    const jwtBefore = dave.jwt;
    await editDatabase((db) => db.delete(listMembers).where(and(eq(listMembers.listId, groceries), eq(listMembers.userId, dave.id))));
    const as = { user: { ...dave, jwt: jwtBefore }, via: "jwt" } as const;
    const allLists = await call(server, "GET", "/api/tasks", { as });
    expect([allLists.status, allLists.body]).toEqual([200, { items: [], nextCursor: null }]);
    const one = await call(server, "GET", `/api/tasks?listId=${groceries}`, { as });
    expect([one.status, one.body]).toEqual([404, problems.listNotFound]);
    const summary = await call(server, "GET", "/api/tasks/summary", { as });
    expect(summary.body).toEqual({ total: 0, pending: 0, completed: 0, overdue: 0, dueToday: 0 });
    // Alice and Bob still see it.
    expect((await walk(bob, `listId=${groceries}`)).ids).toEqual(sorted(visibleTo([groceries]), "createdAt", "desc"));
  });
});
