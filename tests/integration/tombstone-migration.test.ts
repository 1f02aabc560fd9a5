import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { migrateTo, migrationsUpTo } from "../support/migrations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Migration 0007 (the tombstone horizon) on a database that already has tombstones: each
// counter starts at its user's number of tombstones, and the horizon at 0, so that every
// sync token issued before it stays valid.

let old: TestDatabase;
let handle: DatabaseHandle;
let folder: string;
let folder07: string;

beforeAll(async () => {
  old = await createTestDatabase();
  handle = openDatabase(old);
  folder = await migrationsUpTo("0006_user_bounds");
  folder07 = await migrationsUpTo("0007_tombstone_horizon");
});
afterAll(async () => {
  await handle?.close();
  await old?.drop();
  await rm(folder, { recursive: true, force: true });
  await rm(folder07, { recursive: true, force: true });
});

it("counts each user's existing tombstones and starts every horizon at 0", async () => {
  await migrateTo(handle, old, folder);
  // Written as SQL: the schema in db/schema is already the migrated one.
  await handle.db.execute(sql`insert into users (id, email, name) values ('ada', 'ada@example.com', 'Ada'), ('bob', 'bob@example.com', 'Bob')`);
  await handle.db.execute(sql`insert into task_counters (user_id, revision, task_count) values ('ada', 9, 1), ('bob', 2, 2)`);
  await handle.db.execute(sql`insert into task_tombstones (user_id, task_id, revision)
    select 'ada', 'gone-' || n, n from generate_series(3, 8) as n`);

  // Up to 0007 only: 0008 (lists) moves counters and tombstones on (lists-migration.test.ts).
  await migrateTo(handle, old, folder07);

  const counters = rowsOf(
    await handle.db.execute(sql`select user_id, revision::integer, task_count, tombstone_count, horizon::integer from task_counters order by user_id`),
  );
  expect(counters).toEqual([
    { user_id: "ada", revision: 9, task_count: 1, tombstone_count: 6, horizon: 0 },
    { user_id: "bob", revision: 2, task_count: 2, tombstone_count: 0, horizon: 0 },
  ]);
});
