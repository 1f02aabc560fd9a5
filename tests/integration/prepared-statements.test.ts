import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { listTasks, listTasksStatement, searchScope } from "@/lib/tasks/list";
import { listTasksQuery, SORT_ORDERS, TASK_SORTS, TASK_STATUSES, type ListTasksQuery } from "@/lib/tasks/list-query";
import { AppError } from "@/lib/errors";
import { createTask, getTask, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { listSweep, sweepTasks } from "../support/list-sweep";
import { addMember, inboxOf, insertList } from "../support/shared-lists";

// db/gated-client.ts: on PostgreSQL every statement is a named prepared statement, parsed
// once per connection and kept for the connection's life (up to an hour), except those a
// caller sends unprepared: full-text search, and the list's filtered pages (list.ts). With a
// pool of one connection, pg_prepared_statements shows that connection's statements.

const pg = !!process.env.DATABASE_URL;

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let alice: string;
beforeAll(async () => {
  process.env.DB_POOL_MAX = "1";
  env = await useCleanDatabase();
  alice = await insertUser("alice-id");
  for (const task of sweepTasks()) await createTask(alice, { ...task, dueDate: task.dueDate === null ? null : new Date(task.dueDate) } as never);
});
afterAll(async () => {
  delete process.env.DB_POOL_MAX;
  await env?.close();
});

const prepared = async () =>
  rowsOf<{ statement: string }>(await (await database()).execute(sql`select statement from pg_prepared_statements`)).map(
    (r) => r.statement,
  );
const page: ListTasksQuery = { status: "all", limit: 20, sort: "createdAt", order: "desc" };

/** Every list shape (list-sweep.ts), each first page and, where there is one, its second. */
async function sweepEveryListShape(): Promise<{ pages: number; cursors: number }> {
  let pages = 0;
  let cursors = 0;
  for (const raw of listSweep()) {
    const query = listTasksQuery.parse(raw);
    const first = await listTasks(alice, query);
    pages++;
    if (first.nextCursor === null) continue;
    await listTasks(alice, { ...query, cursor: first.nextCursor });
    pages++;
    cursors++;
  }
  return { pages, cursors };
}

// The statement a page is, as text: what a connection would keep.
it("a later page's statement is the same whatever its cursor holds (a null key too)", async () => {
  const db = await database();
  for (const sort of TASK_SORTS) {
    for (const order of SORT_ORDERS) {
      // Every page of one, so the cursors carry every kind of key: each priority, none, dates, no date.
      const texts = new Set<string>();
      let query: ListTasksQuery = { status: "all", limit: 1, sort, order };
      for (;;) {
        texts.add(listTasksStatement(db, alice, query).toSQL().sql);
        const { nextCursor } = await listTasks(alice, query);
        if (nextCursor === null) break;
        query = { ...query, cursor: nextCursor };
      }
      expect({ sort, order, statements: texts.size }).toEqual({ sort, order, statements: 2 });
    }
  }
});

describe.runIf(pg)("prepared statements on PostgreSQL", () => {
  it("reads and writes are prepared once, however often they run", async () => {
    const task = await createTask(alice, { title: "water the roses" });
    for (let i = 0; i < 3; i++) {
      await getTask(alice, task.id);
      await listTasks(alice, page);
    }
    const statements = await prepared();
    const gets = statements.filter((s) => s.startsWith('select "id", "user_id"') && s.includes('"tasks"."id" = $1'));
    expect(gets).toHaveLength(1);
    expect(statements.filter((s) => s.startsWith('with "target"') && s.includes('insert into "tasks"'))).toHaveLength(1);
    expect(statements.some((s) => s.includes("order by") && s.includes("limit"))).toBe(true);
  });

  it("search is never prepared (a generic plan would read every user's matches)", async () => {
    for (let i = 0; i < 7; i++) await listTasks(alice, { ...page, q: "roses" });
    expect(await listTasks(alice, { ...page, q: "roses" })).toMatchObject({ items: [{ title: "water the roses" }] });
    expect((await prepared()).filter((s) => s.includes("websearch_to_tsquery"))).toEqual([]);
  });

  it("a sweep of every list shape leaves at most one statement per sort, order, page kind and status", async () => {
    const before = new Set(await prepared());
    const { pages, cursors } = await sweepEveryListShape();
    // The sweep reached later pages of most shapes, so cursor statements were tried too.
    expect(pages).toBeGreaterThan(10_000);
    expect(cursors).toBeGreaterThan(4_000);
    const added = (await prepared()).filter((s) => !before.has(s));
    const list = added.filter((s) => /^select .* from "list_members" .* cross join lateral \(select .* from "tasks" where .* order by .* limit \$\d+$/.test(s));
    // Besides the list, only the owner check that an empty page makes (owner.ts), and the
    // caller's lists that a search reads first (searchScope; the test above prepared it).
    const others = added.filter((s) => !list.includes(s)).map((s) => s.slice(0, 30));
    expect(others.filter((s) => s !== 'select m.list_id from "list_me')).toEqual(['select "id" from "users" where']);
    expect((await prepared()).filter((s) => s.startsWith('select m.list_id from "list_members"'))).toHaveLength(1);
    // 5 sorts x 2 orders x (first page, later page) x (every status, one status) = 40: about
    // a megabyte per connection (some 27 KB each), where every shape prepared was ~5,000.
    expect(list.length).toBeLessThanOrEqual(TASK_SORTS.length * 2 * 2 * 2);
  }, 300_000);

  it("a write's statement depends on which fields it sets, never on how many ETags If-Match lists", async () => {
    const task = await createTask(alice, { title: "change me" });
    const before = new Set(await prepared());
    const fields = { title: "changed", description: "notes", priority: "high", dueDate: new Date(), completed: true } as const;
    const names = Object.keys(fields) as (keyof typeof fields)[];
    const lists = Array.from({ length: 40 }, (_, n) => Array.from({ length: n + 1 }, (_, i) => task.revision + i));
    for (let subset = 1; subset < 2 ** names.length; subset++) {
      const patch = Object.fromEntries(names.filter((_, i) => subset & (1 << i)).map((name) => [name, fields[name]]));
      for (const ifMatch of [undefined, "*" as const, [], ...lists]) {
        // Most are 412s (the revision moves with every write that matched): run all the same.
        await updateTask(alice, task.id, patch, { ifMatch }).catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error;
        });
      }
    }
    const updates = (await prepared()).filter((s) => !before.has(s) && s.includes('update "tasks"'));
    // One per set of fields (31) and kind of precondition: none (or *), a list, an empty list.
    expect(updates.length).toBeLessThanOrEqual((2 ** names.length - 1) * 3);
  });
});

// A prepared statement may switch to a generic plan after five runs: one made without its
// parameters' values. For the pages that are prepared (list.ts), that plan must still be one
// range of the sort's index per list, for a user with many tasks in several lists (owned and
// shared) among others', and for one list (listId, a parameter of the same text).
describe.runIf(pg)("generic plans of the prepared list pages", () => {
  let heavy: string;
  let shared: string;
  let client: postgres.Sql;
  beforeAll(async () => {
    heavy = await insertUser("heavy-id");
    const db = await database();
    const lights = await Promise.all(Array.from({ length: 10 }, (_, i) => insertUser(`light-${i}`)));
    shared = await insertList(lights[0]!, "Shared");
    await addMember(shared, heavy, "editor");
    const filled: [string, string, number][] = [
      [heavy, await inboxOf(heavy), 12_000],
      [heavy, await insertList(heavy, "Work"), 8_000],
      [lights[0]!, shared, 3_000],
      ...(await Promise.all(lights.map(async (light): Promise<[string, string, number]> => [light, await inboxOf(light), 2_000]))),
    ];
    for (const [owner, list, count] of filled) {
      await db.execute(sql`
        insert into tasks (id, user_id, list_id, title, completed, priority, due_date, created_at, updated_at)
        select gen_random_uuid()::text, ${owner}, ${list}, 'task ' || i, i % 3 = 0,
          case when i % 50 = 0 then (array['low', 'medium', 'high'])[1 + (i / 50) % 3] end,
          case when i % 50 = 25 then now() + (i % 200 - 100) * interval '1 day' end,
          now() - i * interval '1 second', now() - i * interval '1 second'
        from generate_series(1, ${count}::int) as i`);
    }
    await db.execute(sql`analyze`);
    client = postgres(env.db.databaseUrl!, { max: 1, onnotice: () => {} });
    await client`set plan_cache_mode = force_generic_plan`;
  });
  afterAll(() => client?.end());

  async function genericPlanOf(query: ListTasksQuery): Promise<string> {
    const { sql: text, params } = listTasksStatement(await database(), heavy, query, await searchScope(await database(), heavy, query)).toSQL();
    await client.unsafe(`prepare list_page as ${text}`);
    try {
      // As literals: EXECUTE's arguments take the statement's parameter types from them.
      const literals = params.map((value) => (value === null ? "null" : `'${String(value).replaceAll("'", "''")}'`)).join(", ");
      return (await client.unsafe(`explain execute list_page(${literals})`)).map((r) => r["QUERY PLAN"]).join("\n");
    } finally {
      await client.unsafe("deallocate list_page");
    }
  }

  const INDEX = { createdAt: "created", updatedAt: "updated", dueDate: "due_", priority: "priority_", title: "title_key" } as const;
  const cases = TASK_SORTS.flatMap((sort) => SORT_ORDERS.flatMap((order) => TASK_STATUSES.slice(0, 2).map((status) => [sort, order, status] as const)));

  it.each(cases)("sort=%s&order=%s&status=%s: one range of the sort's index per list, first page and later", async (sort, order, status) => {
    const index = `idx_tasks_list_${INDEX[sort]}${INDEX[sort].endsWith("_") ? order : ""}`;
    for (const listId of [undefined, shared]) {
      const first: ListTasksQuery = { status, limit: 50, sort, order, listId };
      const later = { ...first, cursor: (await listTasks(heavy, first)).nextCursor! };
      for (const query of [first, later]) {
        const plan = await genericPlanOf(query);
        expect(plan).toMatch(new RegExp(`->  Limit .*\\n\\s+->  Index Scan(?: Backward)? using ${index} on tasks `));
        expect(plan).not.toMatch(/Seq Scan on tasks|Bitmap|idx_tasks_user_id/);
        // One sort: the branches' pages merged, never a list's tasks.
        expect(plan.match(/Sort Key/g)).toHaveLength(1);
      }
    }
  });
});

// The embedded database has one session, in the app's own process, and drizzle sends every
// statement there unnamed: nothing is kept between statements, so no input can grow it.
describe.skipIf(pg)("prepared statements on PGlite", () => {
  it("keeps none, after a sweep of every list shape either", async () => {
    await sweepEveryListShape();
    expect(await prepared()).toEqual([]);
  }, 300_000);
});
