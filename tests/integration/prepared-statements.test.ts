import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { listTasks } from "@/lib/tasks/list";
import { listTasksQuery, TASK_SORTS, type ListTasksQuery } from "@/lib/tasks/list-query";
import { createTask, getTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { listSweep, sweepTasks } from "../support/list-sweep";

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
    expect(statements.filter((s) => s.startsWith('with "next_revision"') && s.includes('insert into "tasks"'))).toHaveLength(1);
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
    const list = added.filter((s) => /^select .* from "tasks" where .* order by .* limit \$\d+$/.test(s));
    // Besides the list, only the owner check that an empty page makes (owner.ts).
    expect(added.filter((s) => !list.includes(s)).map((s) => s.slice(0, 30))).toEqual(['select "id" from "users" where']);
    // 5 sorts x 2 orders x (first page, later page) x (every status, one status) = 40: about
    // a megabyte per connection (some 27 KB each), where every shape prepared was ~5,000.
    expect(list.length).toBeLessThanOrEqual(TASK_SORTS.length * 2 * 2 * 2);
  }, 300_000);
});

// The embedded database has one session, in the app's own process, and drizzle sends every
// statement there unnamed: nothing is kept between statements, so no input can grow it.
describe.skipIf(pg)("prepared statements on PGlite", () => {
  it("keeps none, after a sweep of every list shape either", async () => {
    await sweepEveryListShape();
    expect(await prepared()).toEqual([]);
  }, 300_000);
});
