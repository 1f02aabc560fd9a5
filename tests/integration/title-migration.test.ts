import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { tasks, users } from "@/db/schema";
import { listTasksStatement } from "@/lib/tasks/list";
import { taggedTaskFromRow } from "@/lib/tasks/task-rows";
import { newTaskId } from "@/lib/tasks/ids";
import { useCleanDatabase } from "../support/data-layer";
import { migrateTo, migrationsUpTo } from "../support/migrations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Migration 0005 (the folded title key) on a database that already has tasks: it builds
// its index over them, and sort=title lists them by the new order.

let env: Awaited<ReturnType<typeof useCleanDatabase>>; // the config the list query reads
let old: TestDatabase;
let handle: DatabaseHandle;
let folder: string;

beforeAll(async () => {
  env = await useCleanDatabase();
  old = await createTestDatabase();
  handle = openDatabase(old);
  folder = await migrationsUpTo("0004_task_counts");
});
afterAll(async () => {
  await handle?.close();
  await old?.drop();
  await rm(folder, { recursive: true, force: true });
  await env?.close();
});

it("builds the title key over existing tasks, which then sort by it", async () => {
  await migrateTo(handle, old, folder);
  const before = rowsOf<{ fn: string | null }>(await handle.db.execute(sql`select to_regprocedure('tasks_title_key(text)')::text as fn`));
  expect(before).toEqual([{ fn: null }]);
  await handle.db.insert(users).values({ id: "old-user", email: "old@example.com", name: "Old" });
  const titles = ["Zebra", "émile", "apples", "CAFE", "Café crème order"];
  // Raw SQL: the schema's tasks table has columns (list_id, txid) this old database lacks.
  for (const [revision, title] of titles.entries()) {
    await handle.db.execute(sql`insert into tasks (id, user_id, title, revision) values (${newTaskId()}, 'old-user', ${title}, ${revision})`);
  }

  await migrateDatabase(handle, old);

  const statement = listTasksStatement(handle.db, "old-user", { status: "all", sort: "title", order: "asc", limit: 10 });
  const rows = rowsOf<Record<string, unknown>>(await handle.db.execute(statement.getSQL())).map(taggedTaskFromRow);
  expect(rows.map((task) => task.title)).toEqual(["apples", "CAFE", "Café crème order", "émile", "Zebra"]);
});
