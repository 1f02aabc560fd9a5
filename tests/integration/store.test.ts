import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { taskCounters, tasks, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { listTasks, listTasksStatement, searchScope } from "@/lib/tasks/list";
import type { ListTasksQuery } from "@/lib/tasks/list-query";
import { runBatch } from "@/lib/tasks/batch";
import { taggedTaskFromRow } from "@/lib/tasks/task-rows";
import { clearCompletedTasks, createTask, deleteTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, inboxOf, insertList } from "../support/shared-lists";

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
    expect(defs.idx_tasks_user_created).toBeUndefined();
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
  // One user with 20,000 tasks in three lists of their own (Inbox, Work, Home) and two lists
  // shared with them by others (Family: editor, Team: viewer), among 10 users with 2,000
  // each. Every list page, of all lists or of one, must be one range of each list's index
  // per list: no scan of the table, no sort of anything but the lists' pages. Few of the
  // heavy user's tasks have a priority or a due date, so that the later pages of those sorts
  // start inside the "none" tail (a cursor whose key is null).
  let heavy: string;
  let work: string;
  let family: string;
  let client: postgres.Sql;
  const DAYS = (n: number) => new Date(Date.now() + n * 864e5);
  const LISTS = 5;
  const LIMIT = 50;

  beforeAll(async () => {
    const db = await database();
    heavy = await insertUser("heavy-id");
    const lights = await Promise.all(Array.from({ length: 10 }, (_, i) => insertUser(`light-${i}`)));
    work = await insertList(heavy, "Work");
    family = await insertList(lights[0]!, "Family");
    const team = await insertList(lights[1]!, "Team");
    await addMember(family, heavy, "editor");
    await addMember(team, heavy, "viewer");
    const filled: [string, string, number][] = [
      [heavy, await inboxOf(heavy), 10000],
      [heavy, work, 6000],
      [heavy, await insertList(heavy, "Home"), 4000],
      [lights[0]!, family, 5000],
      [lights[1]!, team, 2000],
      ...(await Promise.all(lights.map(async (light): Promise<[string, string, number]> => [light, await inboxOf(light), 2000]))),
    ];
    for (const [owner, list, count] of filled) {
      await db.execute(sql`
        insert into tasks (id, user_id, list_id, title, description, completed, priority, due_date, created_at, updated_at)
        select gen_random_uuid()::text, ${owner}, ${list},
          (array['Water', 'buy', 'Call', 'éclair', 'report'])[1 + i % 5] || ' task ' || i || case when i % 97 = 0 then ' invoice' else '' end,
          case when i % 4 = 0 then null else 'notes about the ' || (array['garden', 'office', 'house'])[1 + i % 3] end,
          i % 3 = 0,
          case when i % 50 = 0 then (array['low', 'medium', 'high'])[1 + (i / 50) % 3] end,
          case when i % 50 = 25 then now() + (i % 200 - 100) * interval '1 day' end,
          now() - i * interval '1 second', now() - i * interval '1 second' + (i % 7) * interval '1 minute'
        from generate_series(1, ${count}) as i`);
    }
    await db.execute(sql`analyze`);
    client = postgres(env.db.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(() => client?.end());

  async function planOf(query: ListTasksQuery, analyze = false): Promise<string> {
    const { sql: text, params } = listTasksStatement(await database(), heavy, query, await searchScope(await database(), heavy, query)).toSQL();
    const explain = analyze ? "explain (analyze, costs off, timing off, summary off)" : "explain";
    return (await client.unsafe(`${explain} ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
  }

  // The cursor after `pages` pages of 50.
  async function cursorAfter(query: ListTasksQuery, pages: number): Promise<string> {
    let cursor: string | undefined;
    for (let i = 0; i < pages; i++) cursor = (await listTasks(heavy, { ...query, cursor })).nextCursor!;
    return cursor!;
  }

  // Each list's branch: a Limit over one range of the list's index of the sort, bounded by
  // the list (and the cursor) in its Index Cond; the owner is checked on the rows it yields.
  function expectBranches(plan: string, scan: string, lists: number, cursor: boolean) {
    expect(plan).toMatch(new RegExp(`->  Limit \\(actual rows=\\d+ loops=${lists}\\)\n\\s+->  ${scan} on tasks \\(actual rows=\\d+ loops=${lists}\\)`));
    const cond = /->  Index Scan[^\n]* on tasks [^\n]*\n\s+Index Cond: ([^\n]*)(?:\n(?!\s+Filter)|$)/.exec(plan);
    const inList = "((list_id)::text = (list_members.list_id)::text)";
    if (cursor) expect(cond?.[1]).toMatch(new RegExp(`^\\(${inList.replace(/[().]/g, "\\$&")} AND \\(ROW\\(`));
    else expect(cond?.[1]).toBe(inList);
    expect(plan).toMatch(/(Join Filter|Hash Cond): \(\(lists\.owner_id\)::text = \(tasks\.user_id\)::text\)/);
    expect(plan).not.toMatch(/Seq Scan on tasks|Bitmap/);
    // The only sort merges the branches' pages: at most limit + 1 rows from each list.
    const sorted = [...plan.matchAll(/->  Sort \(actual rows=(\d+) loops=1\)\n\s+Sort Key: ([^\n]*)\n(?:[^\n]*\n)*?\s+->  Nested Loop \(actual rows=(\d+) loops=1\)/g)];
    expect(sorted).toHaveLength(1);
    expect(Number(sorted[0]![3])).toBeLessThanOrEqual(lists * (LIMIT + 1));
    expect(plan.match(/Sort Key/g)).toHaveLength(1);
  }

  const SCANS = [
    ["createdAt", "desc", "Index Scan Backward using idx_tasks_list_created"],
    ["createdAt", "asc", "Index Scan using idx_tasks_list_created"],
    ["updatedAt", "desc", "Index Scan Backward using idx_tasks_list_updated"],
    ["updatedAt", "asc", "Index Scan using idx_tasks_list_updated"],
    ["dueDate", "desc", "Index Scan Backward using idx_tasks_list_due_desc"],
    ["dueDate", "asc", "Index Scan using idx_tasks_list_due_asc"],
    ["priority", "desc", "Index Scan Backward using idx_tasks_list_priority_desc"],
    ["priority", "asc", "Index Scan using idx_tasks_list_priority_asc"],
    // The folded title (migration 0005), not the title in the database's collation.
    ["title", "desc", "Index Scan Backward using idx_tasks_list_title_key"],
    ["title", "asc", "Index Scan using idx_tasks_list_title_key"],
  ] as const;

  it.each(SCANS)("all lists, sort=%s&order=%s: every page is one range per list, %s", async (sort, order, scan) => {
    const first: ListTasksQuery = { status: "all", limit: LIMIT, sort, order };
    const pages = [first, { ...first, cursor: await cursorAfter(first, 1) }, { ...first, cursor: await cursorAfter(first, 12) }];
    for (const query of pages) expectBranches(await planOf(query, true), scan, LISTS, query.cursor !== undefined);
  });

  it.each(SCANS)("listId (a shared list), sort=%s&order=%s: one range of that list, %s", async (sort, order, scan) => {
    const first: ListTasksQuery = { status: "all", limit: LIMIT, sort, order, listId: family };
    const pages = [first, { ...first, cursor: await cursorAfter(first, 1) }, { ...first, cursor: await cursorAfter(first, 12) }];
    for (const query of pages) expectBranches(await planOf(query, true), scan, 1, query.cursor !== undefined);
  });

  // listTasks runs these shapes compiled once each (db/compiled.ts): the same pages as the
  // statement built for its own values, page after page, for every sort, order and status.
  it.each(SCANS)("a compiled page is the built one, sort=%s&order=%s", async (sort, order) => {
    const db = await database();
    for (const status of ["all", "pending", "completed"] as const) {
      for (const listId of [undefined, family]) {
        let query: ListTasksQuery = { status, limit: 20, sort, order, listId };
        for (let page = 0; page < 3; page++) {
          const built = rowsOf<Record<string, unknown>>(await db.execute(listTasksStatement(db, heavy, query).getSQL())).map(taggedTaskFromRow);
          const compiled = await listTasks(heavy, query);
          expect(compiled.items.map((t) => t.id)).toEqual(built.slice(0, 20).map((t) => t.id));
          expect(compiled.items[0]).toEqual(built[0]);
          query = { ...query, cursor: compiled.nextCursor! };
        }
      }
    }
  });

  // A search filtered by nothing else runs compiled too (sent unnamed, planned for its q and
  // lists): the same pages as the statement built for its own values, for every sort.
  it.each([undefined, ...new Set(SCANS.map(([sort]) => sort))])("a compiled search is the built one, sort=%s", async (sort) => {
    const db = await database();
    for (const order of ["desc", "asc"] as const) {
      for (const [status, listId] of [["all", undefined], ["pending", family]] as const) {
        let query: ListTasksQuery = { status, limit: 20, q: "invoice", sort, order, listId };
        for (let page = 0; page < 3; page++) {
          const statement = listTasksStatement(db, heavy, query, await searchScope(db, heavy, query));
          const built = rowsOf<Record<string, unknown>>(await db.execute(statement.getSQL())).map(taggedTaskFromRow);
          const compiled = await listTasks(heavy, query);
          expect(built.length).toBeGreaterThan(0);
          expect(compiled.items.map((t) => t.id)).toEqual(built.slice(0, 20).map((t) => t.id));
          expect(compiled.items[0]).toEqual(built[0]);
          if (!compiled.nextCursor) break;
          query = { ...query, cursor: compiled.nextCursor };
        }
      }
    }
  });

  it("ends the dueDate and priority pages inside the tasks without one (a null key)", async () => {
    for (const sort of ["dueDate", "priority"] as const) {
      const first: ListTasksQuery = { status: "all", limit: LIMIT, sort, order: "asc" };
      const { items } = await listTasks(heavy, { ...first, cursor: await cursorAfter(first, 12) });
      expect(items.map((t) => (sort === "dueDate" ? t.dueDate : t.priority))).toEqual(Array(50).fill(null));
    }
  });

  // Filters that keep most tasks ride the sort's index and stop after a page in each list;
  // selective due date filters read just their range of a due date index in each list.
  it.each<[string, Partial<ListTasksQuery>, RegExp]>([
    ["status", { status: "pending" }, /Index Scan Backward using idx_tasks_list_created on tasks /],
    ["not overdue", { overdue: false }, /Index Scan Backward using idx_tasks_list_created on tasks /],
    ["hasDueDate", { hasDueDate: false }, /Index Scan Backward using idx_tasks_list_created on tasks /],
    ["a due range, by due date", { dueAfter: DAYS(-10), dueBefore: DAYS(0), sort: "dueDate", order: "asc" }, /Index Scan using idx_tasks_list_due_asc on tasks .*\n\s+Index Cond: .*COALESCE.* < .*COALESCE.* >= /],
    ["a due range, by due date descending", { dueAfter: DAYS(-10), dueBefore: DAYS(0), sort: "dueDate" }, /Index Scan Backward using idx_tasks_list_due_desc on tasks .*\n\s+Index Cond: .*COALESCE.* >= .*COALESCE.* < /],
  ])("filters %s: one range of the sort's index per list, no sort in a branch", async (_, filters, scan) => {
    for (const listId of [undefined, family]) {
      const plan = await planOf({ status: "all", limit: LIMIT, ...filters, listId });
      expect(plan).toMatch(scan);
      expect(plan).not.toMatch(/Seq Scan on tasks|Bitmap/);
      expect(plan.match(/Sort Key/g)).toHaveLength(1);
    }
  });

  it.each<[string, Partial<ListTasksQuery>, RegExp]>([
    // 2% of the tasks: fewer than a page per list, so each list's are read and sorted.
    ["priority", { priority: ["high", "low"] }, /Cond: \(\(list_id\)::text = \(list_members\.list_id\)::text\)/],
    ["overdue", { overdue: true }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < now\(\)/],
    // 1% of the tasks, under a page per list: PostgreSQL reads that range, by index or bitmap.
    ["overdue, by due date", { overdue: true, sort: "dueDate", order: "asc" }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < now\(\)/],
    ["overdue, latest due first", { overdue: true, sort: "dueDate" }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < now\(\)/],
    ["due before", { dueBefore: DAYS(-50) }, /Index Cond: .*COALESCE\(due_date, 'infinity'::timestamp with time zone\) < /],
    ["due after", { dueAfter: DAYS(50) }, /Index Cond: .*COALESCE\(due_date, '-infinity'::timestamp with time zone\) >= /],
  ])("filters %s: a range of an index per list, then a sort of just those", async (_, filters, range) => {
    const plan = await planOf({ status: "all", limit: LIMIT, ...filters });
    expect(plan).toMatch(range);
    expect(plan).not.toMatch(/Seq Scan on tasks/);
  });

  it("never scans the table for every filter at once", async () => {
    const filters: Partial<ListTasksQuery> = { status: "pending", priority: ["medium"], hasDueDate: false, overdue: false };
    for (const sort of ["createdAt", "updatedAt", "dueDate", "priority", "title"] as const) {
      for (const listId of [undefined, work]) expect(await planOf({ status: "all", limit: LIMIT, ...filters, sort, listId })).not.toMatch(/Seq Scan on tasks|idx_tasks_user_id/);
    }
  });

  // A word in 1% of tasks (invoice): the GIN index is read once, for all the caller's lists
  // together, and the matches kept to their lists. (A word in a quarter of them, garden, is
  // cheaper read list by list, and PostgreSQL does that: either is one statement.)
  it("searches through the GIN index once for all lists; only ranking sorts, and only the caller's lists", async () => {
    const query: ListTasksQuery = { status: "all", limit: 20, q: "invoice" };
    for (const page of [query, { ...query, cursor: await cursorAfter(query, 2) }, { ...query, listId: family }]) {
      const plan = await planOf(page, true);
      expect(plan.match(/Bitmap Index Scan on idx_tasks_search/g)).toHaveLength(1);
      // ts_rank cannot be indexed: its order is a top-N sort of the matches.
      expect(plan).toMatch(/Sort Key: \(\(ts_rank\(/);
      expect(plan).not.toMatch(/Seq Scan on tasks/);
    }
    // With a sort of its own, no ranking: either the sort's index filtered by the match, or
    // the GIN index then a sort; PostgreSQL picks by its estimates. Never the whole table.
    expect(await planOf({ ...query, sort: "createdAt" })).not.toMatch(/Seq Scan on tasks/);
    expect(await planOf({ ...query, q: "garden" })).not.toMatch(/Seq Scan on tasks/);
  });

  // The planner sees the caller's lists (searchScope): a user with a few tasks has them read
  // by their list's index and checked, not the GIN index's matches of every user ANDed
  // with them (a word in a quarter of all tasks: some 12,000 here).
  it("searches a small list by its own index, not through everyone's matches", async () => {
    const db = await database();
    const small = await insertUser("small-searcher");
    await db.execute(sql`
      insert into tasks (id, user_id, list_id, title, description, created_at, updated_at)
      select gen_random_uuid()::text, ${small}, ${await inboxOf(small)}, 'Weed task ' || i, 'the garden', now(), now()
      from generate_series(1, 20) as i`);
    await db.execute(sql`analyze tasks`);
    const query: ListTasksQuery = { status: "all", limit: 20, q: "garden" };
    const { sql: text, params } = listTasksStatement(db, small, query, await searchScope(db, small, query)).toSQL();
    const plan = (await client.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/idx_tasks_list_/);
    expect(plan).not.toMatch(/idx_tasks_search|Seq Scan on tasks/);
    expect((await listTasks(small, query)).items).toHaveLength(20);
  });
});
