import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { taskCounters, tasks, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { listTasks, listTasksStatement } from "@/lib/tasks/list";
import type { ListTasksQuery } from "@/lib/tasks/list-query";
import { runBatch } from "@/lib/tasks/batch";
import { clearCompletedTasks, createTask, deleteTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let alice: string;
let bob: string;

beforeAll(async () => {
  env = await useCleanDatabase();
  alice = await insertUser("alice-id");
  bob = await insertUser("bob-id");
});
afterAll(() => env?.close());

async function expectNotFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toEqual(new AppError("not_found", "No such task."));
}

describe("the schema (data-model.md is the contract)", () => {
  it("has the three named indexes and the list index", async () => {
    const db = await database();
    const result: unknown = await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'tasks'`);
    // postgres.js answers an array of rows, PGlite an object holding them.
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { indexname: string; indexdef: string }[];
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.idx_tasks_user_id).toMatch(/\(user_id\)$/);
    expect(defs.idx_tasks_completed).toMatch(/\(completed\)$/);
    expect(defs.idx_tasks_user_completed).toMatch(/\(user_id, completed\)$/);
    // The list's indexes are per list since migration 0008 (a page reads one list's range).
    expect(defs.idx_tasks_list_created).toMatch(/\(list_id, created_at, id\)$/);
    expect(defs.idx_tasks_user_created).toBeUndefined();
    // sort=title reads the folded title byte by byte; the index on the raw title is gone.
    expect(defs.idx_tasks_list_title_key).toMatch(/\(list_id, tasks_title_key\(\(title\)::text\) COLLATE "C", id\)$/);
    expect(defs.idx_tasks_user_title_key).toBeUndefined();
    expect(defs.idx_tasks_user_title).toBeUndefined();
  });

  it.each([
    ["an empty title", { title: "" }],
    ["a 201-character title", { title: "a".repeat(201) }],
    ["a 1001-character description", { description: "d".repeat(1001) }],
    ["an unknown priority", { priority: "urgent" }],
  ])("refuses %s in the database itself", async (_name, values) => {
    const db = await database();
    const row = { id: crypto.randomUUID(), userId: alice, title: "t", ...values } as typeof tasks.$inferInsert;
    await expect(db.insert(tasks).values(row)).rejects.toThrow();
  });

  it("deletes a user's tasks with the user (ON DELETE CASCADE)", async () => {
    const carol = await insertUser("carol-id");
    const task = await createTask(carol, { title: "mine" });
    const db = await database();
    await db.delete(users).where(eq(users.id, carol));
    expect(await db.select().from(tasks).where(eq(tasks.id, task.id))).toEqual([]);
  });
});

describe("every function filters on the owner", () => {
  it("hides Alice's task from Bob in get, update, complete, delete and list", async () => {
    const task = await createTask(alice, { title: "Alice only", priority: "high" });
    await expectNotFound(getTask(bob, task.id));
    await expectNotFound(updateTask(bob, task.id, { title: "mine now" }));
    await expectNotFound(setTaskCompleted(bob, task.id, undefined));
    await expectNotFound(deleteTask(bob, task.id));
    expect((await listTasks(bob, { status: "all", limit: 100 })).items).toEqual([]);
    expect(await getTask(alice, task.id)).toEqual(task);
  });

  it("answers not found for ids that are not uuids without asking the database", async () => {
    await expectNotFound(getTask(alice, "1 or 1=1"));
    await expectNotFound(deleteTask(alice, ""));
  });
});

describe("writes", () => {
  it("updates only what it is given and moves updatedAt strictly forward", async () => {
    const task = await createTask(alice, { title: "t", description: "d" });
    const a = await updateTask(alice, task.id, { priority: "low" });
    const b = await updateTask(alice, task.id, { priority: "medium" });
    expect(a).toEqual({ ...task, priority: "low", updatedAt: a.updatedAt, revision: a.revision, txid: a.txid });
    // Revisions come from one sequence shared by every task, so only their order is known;
    // each write is a transaction of its own, later than the one before.
    expect(a.revision).toBeGreaterThan(task.revision);
    expect(b.revision).toBeGreaterThan(a.revision);
    expect(a.txid).toBeGreaterThan(task.txid);
    expect(a.updatedAt.getTime()).toBeGreaterThan(task.updatedAt.getTime());
    expect(b.updatedAt.getTime()).toBeGreaterThan(a.updatedAt.getTime());
    expect(b.createdAt).toEqual(task.createdAt);
  });

  it("toggles completion in one statement", async () => {
    const task = await createTask(alice, { title: "t" });
    expect((await setTaskCompleted(alice, task.id, undefined)).completed).toBe(true);
    expect((await setTaskCompleted(alice, task.id, undefined)).completed).toBe(false);
    expect((await setTaskCompleted(alice, task.id, false)).completed).toBe(false);
  });

  it("keeps each user's task count on the counter row through every kind of write", async () => {
    const carol = await insertUser("carol-id");
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await createTask(carol, { title: `c${i}`, completed: i % 2 === 0 }));
    await deleteTask(carol, made[0]!.id);
    await runBatch(carol, [
      { op: "create", body: { title: "b" } },
      { op: "delete", id: made[1]!.id },
    ]);
    expect(await clearCompletedTasks(carol)).toBe(2);
    const db = await database();
    const [counter] = await db.select({ taskCount: taskCounters.taskCount }).from(taskCounters).where(eq(taskCounters.userId, carol));
    const [counted] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(tasks).where(eq(tasks.userId, carol));
    expect([counter!.taskCount, counted!.n]).toEqual([3, 3]);
  });

  it("refuses a task for a user that does not exist (foreign key)", async () => {
    await expect(createTask("ghost", { title: "t" })).rejects.toThrow();
  });
});

describe.runIf(process.env.DATABASE_URL)("migrations on PostgreSQL", () => {
  it("lets several instances migrate at once (advisory lock)", async () => {
    const handles = Array.from({ length: 4 }, () => openDatabase(env.db));
    try {
      await Promise.all(handles.map((h) => migrateDatabase(h, env.db)));
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});

describe.runIf(process.env.DATABASE_URL)("query plans on PostgreSQL", () => {
  // One user with 20,000 tasks among 10 users with 2,000 each. Every list page must be one
  // range of an index: no scan of the table, and no sort of the user's tasks. Few of the
  // heavy user's tasks have a priority or a due date, so that the later pages of those sorts
  // start inside the "none" tail (a cursor whose key is null).
  let heavy: string;
  let client: postgres.Sql;
  const DAYS = (n: number) => new Date(Date.now() + n * 864e5);

  beforeAll(async () => {
    const db = await database();
    heavy = await insertUser("heavy-id");
    const owners = [heavy, ...(await Promise.all(Array.from({ length: 10 }, (_, i) => insertUser(`light-${i}`))))];
    for (const owner of owners) {
      await db.execute(sql`
        insert into tasks (id, user_id, title, description, completed, priority, due_date, created_at, updated_at, revision)
        select gen_random_uuid()::text, ${owner},
          (array['Water', 'buy', 'Call', 'éclair', 'report'])[1 + i % 5] || ' task ' || i,
          case when i % 4 = 0 then null else 'notes about the ' || (array['garden', 'office', 'house'])[1 + i % 3] end,
          i % 3 = 0,
          case when i % 50 = 0 then (array['low', 'medium', 'high'])[1 + (i / 50) % 3] end,
          case when i % 50 = 25 then now() + (i % 200 - 100) * interval '1 day' end,
          now() - i * interval '1 second', now() - i * interval '1 second' + (i % 7) * interval '1 minute', i
        from generate_series(1, ${owner === heavy ? 20000 : 2000}) as i`);
    }
    await db.execute(sql`analyze tasks`);
    client = postgres(env.db.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(() => client?.end());

  async function planOf(query: ListTasksQuery): Promise<string> {
    const { sql: text, params } = listTasksStatement(await database(), heavy, query).toSQL();
    return (await client.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
  }

  // The cursor after `pages` pages of 50.
  async function cursorAfter(query: ListTasksQuery, pages: number): Promise<string> {
    let cursor: string | undefined;
    for (let i = 0; i < pages; i++) cursor = (await listTasks(heavy, { ...query, cursor })).nextCursor!;
    return cursor!;
  }

  it.each([
    ["createdAt", "desc", "Index Scan Backward using idx_tasks_user_created"],
    ["createdAt", "asc", "Index Scan using idx_tasks_user_created"],
    ["updatedAt", "desc", "Index Scan Backward using idx_tasks_user_updated"],
    ["updatedAt", "asc", "Index Scan using idx_tasks_user_updated"],
    ["dueDate", "desc", "Index Scan Backward using idx_tasks_user_due_desc"],
    ["dueDate", "asc", "Index Scan using idx_tasks_user_due_asc"],
    ["priority", "desc", "Index Scan Backward using idx_tasks_user_priority_desc"],
    ["priority", "asc", "Index Scan using idx_tasks_user_priority_asc"],
    // The folded title (migration 0005), not the title in the database's collation.
    ["title", "desc", "Index Scan Backward using idx_tasks_user_title_key"],
    ["title", "asc", "Index Scan using idx_tasks_user_title_key"],
  ] as const)("sort=%s&order=%s: every page is one range, %s", async (sort, order, scan) => {
    const first: ListTasksQuery = { status: "all", limit: 50, sort, order };
    const pages = [first, { ...first, cursor: await cursorAfter(first, 1) }, { ...first, cursor: await cursorAfter(first, 12) }];
    for (const query of pages) {
      const plan = await planOf(query);
      expect(plan).toMatch(new RegExp(`^Limit .*\\n\\s+->  ${scan} on tasks `));
      expect(plan).not.toMatch(/Seq Scan|Sort|Bitmap/);
      // The cursor bounds the range (Index Cond), rather than filtering rows read from the start.
      if (query.cursor) expect(plan).toMatch(/Index Cond: \(.*user_id.* AND \(ROW\(/);
      if (query.cursor) expect(plan).not.toMatch(/Filter/);
    }
  });

  it("ends the dueDate and priority pages inside the tasks without one (a null key)", async () => {
    for (const sort of ["dueDate", "priority"] as const) {
      const query: ListTasksQuery = { status: "all", limit: 50, sort, order: "asc", cursor: await cursorAfter({ status: "all", limit: 50, sort, order: "asc" }, 12) };
      const { items } = await listTasks(heavy, query);
      expect(items.map((t) => (sort === "dueDate" ? t.dueDate : t.priority))).toEqual(Array(50).fill(null));
    }
  });

  // Filters that keep most tasks ride the sort's index and stop after a page; selective due
  // date filters read just their range of a due date index, then sort those few (top-N).
  it.each<[string, Partial<ListTasksQuery>, RegExp]>([
    ["status", { status: "pending" }, /Index Scan Backward using idx_tasks_user_created on tasks /],
    ["priority", { priority: ["high", "low"] }, /Index Scan Backward using idx_tasks_user_created on tasks /],
    ["not overdue", { overdue: false }, /Index Scan Backward using idx_tasks_user_created on tasks /],
    ["hasDueDate", { hasDueDate: false }, /Index Scan Backward using idx_tasks_user_created on tasks /],
    ["a due range, by due date", { dueAfter: DAYS(-10), dueBefore: DAYS(0), sort: "dueDate", order: "asc" }, /Index Scan using idx_tasks_user_due_asc on tasks .*\n\s+Index Cond: .*COALESCE.* < .*COALESCE.* >= /],
    ["a due range, by due date descending", { dueAfter: DAYS(-10), dueBefore: DAYS(0), sort: "dueDate" }, /Index Scan Backward using idx_tasks_user_due_desc on tasks .*\n\s+Index Cond: .*COALESCE.* >= .*COALESCE.* < /],
    ["overdue, by due date", { overdue: true, sort: "dueDate", order: "asc" }, /Index Scan using idx_tasks_user_due_asc on tasks .*\n\s+Index Cond: .*COALESCE.* < now\(\)/],
  ])("filters %s: one range of the sort's index, no sort", async (_, filters, scan) => {
    const plan = await planOf({ status: "all", limit: 50, ...filters });
    expect(plan).toMatch(scan);
    expect(plan).not.toMatch(/Seq Scan|Sort|Bitmap/);
  });

  it.each<[string, Partial<ListTasksQuery>, RegExp]>([
    ["overdue", { overdue: true }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < now\(\)/],
    ["overdue, latest due first", { overdue: true, sort: "dueDate" }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < now\(\)/],
    ["due before", { dueBefore: DAYS(-50) }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < /],
    ["due after", { dueAfter: DAYS(50) }, /Index Cond: .*COALESCE\(due_date, '-infinity'::timestamp with time zone\) >= /],
  ])("filters %s: a range of a due date index, then a sort of just those", async (_, filters, range) => {
    const plan = await planOf({ status: "all", limit: 50, ...filters });
    expect(plan).toMatch(range);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("never scans the table for every filter at once", async () => {
    const filters: Partial<ListTasksQuery> = { status: "pending", priority: ["medium"], hasDueDate: false, overdue: false };
    for (const sort of ["createdAt", "updatedAt", "dueDate", "priority", "title"] as const) {
      expect(await planOf({ status: "all", limit: 50, ...filters, sort })).not.toMatch(/Seq Scan/);
    }
  });

  it("searches through the GIN index; only ranking sorts, and only the user's matches", async () => {
    const query: ListTasksQuery = { status: "all", limit: 50, q: "garden" };
    for (const page of [query, { ...query, cursor: await cursorAfter(query, 2) }]) {
      const plan = await planOf(page);
      expect(plan).toMatch(/Bitmap Index Scan on idx_tasks_search/);
      // ts_rank cannot be indexed: its order is a top-N sort of the matches.
      expect(plan).toMatch(/Sort Key: \(\(ts_rank\(/);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    // With a sort of its own, no ranking: either the sort's index filtered by the match, or
    // the GIN index then a sort; PostgreSQL picks by its estimates. Never the whole table.
    expect(await planOf({ ...query, sort: "createdAt" })).not.toMatch(/Seq Scan/);
  });
});
