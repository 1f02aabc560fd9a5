import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { deletedSinceStatement, writtenSinceStatement } from "@/lib/tasks/changes";
import type { SyncPosition } from "@/lib/tasks/sync-token";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, createList, inboxOf } from "../support/list-fixtures";

// The change feed's statements read one bounded index range per list the caller is in, or
// has left: a page costs the same whether the lists hold a hundred tasks or a hundred
// thousand, and another user's tasks are never read.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

describe.runIf(process.env.DATABASE_URL)("the change feed's plans on PostgreSQL", () => {
  let reader: string;
  let client: postgres.Sql;
  const dialect = new PgDialect();

  beforeAll(async () => {
    const db = await database();
    reader = await insertUser("reader");
    const others = await Promise.all(["o1", "o2", "o3"].map((id) => insertUser(id)));
    const lists = [await inboxOf(reader), await createList(reader, "Mine")];
    for (const owner of others) {
      const list = await createList(owner, "Theirs");
      await addMember(list, reader, "viewer");
      lists.push(list, await inboxOf(owner));
    }
    for (const [n, listId] of lists.entries()) {
      await db.execute(sql`
        insert into tasks (id, user_id, list_id, title)
        select gen_random_uuid()::text, (select owner_id from lists where id = ${listId}), ${listId}, 'task ' || i
        from generate_series(1, ${n % 2 === 0 ? 10000 : 4000}) as i`);
      await db.execute(sql`
        insert into task_tombstones (user_id, list_id, task_id, txid)
        select (select owner_id from lists where id = ${listId}), ${listId}, gen_random_uuid()::text, i
        from generate_series(1, 3000) as i`);
    }
    await db.execute(sql`analyze`);
    client = postgres(env.db.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(() => client?.end());

  async function explain(text: string, params: unknown[]): Promise<string> {
    return (await client.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
  }

  const positions: [string, SyncPosition][] = [
    ["a first sync", { since: null, after: null, floor: null }],
    ["a first sync's later page", { since: null, after: { txid: 1, id: "0190f3a0-0000-7000-8000-000000000000" }, floor: 5 }],
    ["an incremental sync", { since: 2000, after: null, floor: 2000 }],
  ];

  it.each(positions)("tasks written: %s is an index range of idx_tasks_list_txid per list, never a scan", async (_, position) => {
    const { sql: text, params } = writtenSinceStatement(await database(), reader, position, 100).toSQL();
    const plan = await explain(text, params);
    expect(plan).toContain("Index Scan using idx_tasks_list_txid on tasks");
    expect(plan).toMatch(/Limit[\s\S]*Index Scan using idx_tasks_list_txid/);
    expect(plan).not.toMatch(/Seq Scan on tasks|Bitmap Heap Scan on tasks/);
  });

  it.each(positions.slice(1))("deletions: %s reads tombstones by idx_task_tombstones_list_txid, never a scan", async (_, position) => {
    const statement = deletedSinceStatement(reader, { ...position, since: position.since ?? 2000 }, 100)!;
    const { sql: text, params } = dialect.sqlToQuery(statement);
    const plan = await explain(text, params);
    expect(plan).toContain("idx_task_tombstones_list_txid");
    expect(plan).not.toMatch(/Seq Scan on (tasks|task_tombstones)/);
  });
});
