import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { listTasks } from "@/lib/tasks/list";
import type { ListTasksQuery } from "@/lib/tasks/list-query";
import { createTask, getTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";

// db/gated-client.ts: on PostgreSQL every statement is a named prepared statement, parsed
// once per connection, except full-text search, which is planned afresh each time. With a
// pool of one connection, pg_prepared_statements shows that connection's statements.

describe.runIf(process.env.DATABASE_URL)("prepared statements on PostgreSQL", () => {
  let env: Awaited<ReturnType<typeof useCleanDatabase>>;
  let alice: string;
  beforeAll(async () => {
    process.env.DB_POOL_MAX = "1";
    env = await useCleanDatabase();
    alice = await insertUser("alice-id");
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

  it("reads and writes are prepared once, however often they run", async () => {
    const task = await createTask(alice, { title: "water the garden" });
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
    for (let i = 0; i < 7; i++) await listTasks(alice, { ...page, q: "garden" });
    expect(await listTasks(alice, { ...page, q: "garden" })).toMatchObject({ items: [{ title: "water the garden" }] });
    expect((await prepared()).filter((s) => s.includes("websearch_to_tsquery"))).toEqual([]);
  });
});
