import { rm } from "node:fs/promises";
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { migrateTo, migrationsUpTo } from "../support/migrations";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Migration 0008 (lists) on a database written before it: every account gets exactly one
// Inbox, with its owner as a member; every task and tombstone moves into its owner's Inbox
// with nothing else changed; and the one revision sequence starts above every revision the
// per-user counters handed out, so that no ETag repeats.

type Row = Record<string, unknown>;

let db: TestDatabase;
let handle: DatabaseHandle;
let folder: string;
let through0008: string;
let tasksBefore: Row[];
let tombstonesBefore: Row[];

// Rows as JSON, so that PGlite and postgres.js read them alike (timestamps as text,
// bigints as numbers).
async function rows(query: SQL): Promise<Row[]> {
  return rowsOf<{ row: Row }>(await handle.db.execute(query)).map((r) => r.row);
}
const allTasks = () => rows(sql`select to_jsonb(t) as row from tasks t order by id`);
const allTombstones = () => rows(sql`select to_jsonb(t) as row from task_tombstones t order by task_id`);

beforeAll(async () => {
  db = await createTestDatabase();
  handle = openDatabase(db);
  folder = await migrationsUpTo("0007_tombstone_horizon");
  await migrateTo(handle, db, folder);
  // Written as SQL, as the code of 0007 wrote them: db/schema is already the migrated one.
  await handle.db.execute(sql`insert into users (id, email, name, created_at) values
    ('ada', 'ada@example.com', 'Ada', '2026-01-02T03:04:05.678Z'),
    ('bob', 'bob@example.com', 'Bob', '2026-02-03T04:05:06.789Z')`);
  // Bob's counter holds the highest revision handed out (12): above every task's, as a
  // delete leaves it.
  await handle.db.execute(sql`insert into task_counters (user_id, revision, task_count, tombstone_count, horizon) values
    ('ada', 9, 3, 2, 0), ('bob', 12, 2, 1, 0)`);
  await handle.db.execute(sql`insert into tasks (id, user_id, title, description, completed, priority, due_date, created_at, updated_at, revision) values
    ('0196a3c0-0000-7000-8000-000000000001', 'ada', 'Water the plants', null, false, 'high', '2026-12-01T17:00:00.000Z', '2026-03-01T10:00:00.001Z', '2026-03-01T10:00:00.001Z', 4),
    ('0196a3c0-0000-7000-8000-000000000002', 'ada', 'Call the plumber', 'Ask about the boiler', true, 'low', null, '2026-03-02T10:00:00.002Z', '2026-03-05T11:00:00.003Z', 7),
    ('0196a3c0-0000-7000-8000-000000000003', 'ada', 'Read a book', null, false, null, null, '2026-03-03T10:00:00.004Z', '2026-03-06T12:00:00.005Z', 9),
    ('0196a3c0-0000-7000-8000-000000000004', 'bob', 'Fix the bike', 'Rear brake', true, 'medium', '2027-01-01T00:00:00.000Z', '2026-04-01T09:00:00.006Z', '2026-04-02T09:00:00.007Z', 3),
    ('0196a3c0-0000-7000-8000-000000000005', 'bob', 'Pay rent', null, false, 'high', '2026-05-01T00:00:00.000Z', '2026-04-03T09:00:00.008Z', '2026-04-04T09:00:00.009Z', 11)`);
  await handle.db.execute(sql`insert into task_tombstones (user_id, task_id, revision, deleted_at) values
    ('ada', '0196a3c0-0000-7000-8000-0000000000a1', 5, '2026-03-04T00:00:00.010Z'),
    ('ada', '0196a3c0-0000-7000-8000-0000000000a2', 8, '2026-03-05T00:00:00.011Z'),
    ('bob', '0196a3c0-0000-7000-8000-0000000000b1', 12, '2026-04-05T00:00:00.012Z')`);
  tasksBefore = await allTasks();
  tombstonesBefore = await allTombstones();
  // Up to 0008 exactly: later migrations add columns of their own to these rows.
  through0008 = await migrationsUpTo("0008_lists");
  await migrateTo(handle, db, through0008);
});
afterAll(async () => {
  await handle?.close();
  await db?.drop();
  await rm(folder, { recursive: true, force: true });
  await rm(through0008, { recursive: true, force: true });
});

async function inboxes(): Promise<Record<string, string>> {
  const found = rowsOf<{ owner_id: string; id: string }>(await handle.db.execute(sql`select owner_id, id from lists where is_inbox`));
  return Object.fromEntries(found.map((r) => [r.owner_id, r.id]));
}

describe("migration 0008 on existing rows", () => {
  it("gives each account exactly one list, its Inbox, dated with the account, with the owner as its one member", async () => {
    const lists = await rows(sql`select jsonb_build_object('owner', owner_id, 'name', name, 'inbox', is_inbox, 'color', color,
      'createdAt', created_at, 'updatedAt', updated_at, 'revision', revision) as row from lists order by owner_id`);
    expect(lists).toEqual([
      { owner: "ada", name: "Inbox", inbox: true, color: null, createdAt: "2026-01-02T03:04:05.678+00:00", updatedAt: "2026-01-02T03:04:05.678+00:00", revision: 1 },
      { owner: "bob", name: "Inbox", inbox: true, color: null, createdAt: "2026-02-03T04:05:06.789+00:00", updatedAt: "2026-02-03T04:05:06.789+00:00", revision: 1 },
    ]);
    const inbox = await inboxes();
    const members = await rows(sql`select jsonb_build_object('list', list_id, 'user', user_id, 'role', role, 'joinedAt', joined_at) as row
      from list_members order by user_id`);
    expect(members).toEqual([
      { list: inbox.ada, user: "ada", role: "owner", joinedAt: "2026-01-02T03:04:05.678+00:00" },
      { list: inbox.bob, user: "bob", role: "owner", joinedAt: "2026-02-03T04:05:06.789+00:00" },
    ]);
  });

  it("puts every task in its owner's Inbox, written by its owner, with every other column unchanged", async () => {
    const inbox = await inboxes();
    const after = await allTasks();
    // Every row gets the migration's own transaction as its place in the change feed.
    const txid = after[0]!.txid;
    expect(txid).toEqual(expect.any(Number));
    expect(after).toEqual(
      tasksBefore.map((task) => {
        const owner = task.user_id as string;
        return { ...task, list_id: inbox[owner], created_by: owner, updated_by: owner, txid };
      }),
    );
    expect(tasksBefore).toHaveLength(5);
  });

  it("puts every tombstone in its owner's Inbox, and keeps the counters' counts (without their revision)", async () => {
    const inbox = await inboxes();
    const after = await allTombstones();
    const txid = after[0]!.txid;
    expect(txid).toEqual(expect.any(Number));
    expect(after).toEqual(
      tombstonesBefore.map(({ revision: _revision, ...tombstone }) => ({ ...tombstone, list_id: inbox[tombstone.user_id as string], txid })),
    );
    expect(tombstonesBefore).toHaveLength(3);
    const counters = await rows(sql`select to_jsonb(c) as row from task_counters c order by user_id`);
    expect(counters).toEqual([
      { user_id: "ada", task_count: 3, tombstone_count: 2, horizon: 0 },
      { user_id: "bob", task_count: 2, tombstone_count: 1, horizon: 0 },
    ]);
  });

  it("hands out revisions above every one handed out before, to a write and to a new task", async () => {
    const inbox = await inboxes();
    const [written] = rowsOf<{ revision: number }>(
      await handle.db.execute(sql`update tasks set revision = nextval('task_revisions'), title = 'Water the plants twice'
        where id = '0196a3c0-0000-7000-8000-000000000001' returning revision::integer`),
    );
    expect(written!.revision).toBeGreaterThan(12);
    const [created] = rowsOf<{ revision: number }>(
      await handle.db.execute(sql`insert into tasks (id, user_id, list_id, created_by, updated_by, title)
        values ('0196a3c0-0000-7000-8000-000000000006', 'ada', ${inbox.ada}, 'ada', 'ada', 'New') returning revision::integer`),
    );
    expect(created!.revision).toBeGreaterThan(written!.revision);
  });

  it("gives an account made after it an Inbox of its own, in the same statement", async () => {
    await handle.db.execute(sql`insert into users (id, email, name, created_at) values ('cy', 'cy@example.com', 'Cy', '2026-12-01T00:00:00.123Z')`);
    const lists = await rows(sql`select jsonb_build_object('name', l.name, 'inbox', l.is_inbox, 'createdAt', l.created_at,
      'members', (select jsonb_agg(jsonb_build_object('user', m.user_id, 'role', m.role)) from list_members m where m.list_id = l.id)) as row
      from lists l where l.owner_id = 'cy'`);
    expect(lists).toEqual([{ name: "Inbox", inbox: true, createdAt: "2026-12-01T00:00:00.123+00:00", members: [{ user: "cy", role: "owner" }] }]);
    expect(Object.keys(await inboxes()).sort()).toEqual(["ada", "bob", "cy"]);
  });
});
