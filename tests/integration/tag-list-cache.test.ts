import { rm } from "node:fs/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type DatabaseHandle } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { migrateTo, migrationsUpTo } from "../support/migrations";
import { staleTagLists } from "../support/tag-lists";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// tasks.tag_list, the copy of a task's tags the database keeps on its row (migration 0011):
// filled in for the tasks tagged before it, then rewritten by its triggers in the statement
// that changes what it shows (a link added or removed, a tag renamed, recoloured or deleted)
// and by nothing else; and a link made while a rename of its tag is open reads the new name.

let old: TestDatabase;
let handle: DatabaseHandle;
let folder: string;

const run = async (query: ReturnType<typeof sql>) => rowsOf<Record<string, unknown>>(await handle.db.execute(query));
const tagListOf = async (taskId: string) => (await run(sql`select tag_list from tasks where id = ${taskId}`))[0]!.tag_list;

beforeAll(async () => {
  old = await createTestDatabase();
  handle = openDatabase(old);
  folder = await migrationsUpTo("0010_tag_name_key");
});
afterAll(async () => {
  await handle?.close();
  await old?.drop();
  await rm(folder, { recursive: true, force: true });
});

describe("on a database tagged before migration 0011", () => {
  it("gives every tagged task its tags in the list's order, and every other task []", async () => {
    await migrateTo(handle, old, folder);
    // Written as SQL: the schema in db/schema is already the migrated one. A user's Inbox
    // comes with the account (migration 0008's trigger).
    await run(sql`insert into users (id, email, name) values ('ada', 'ada@example.com', 'Ada')`);
    const [{ id: inbox }] = (await run(sql`select id from lists where owner_id = 'ada'`)) as [{ id: string }];
    await run(sql`insert into tasks (id, user_id, list_id, title) values ('t1', 'ada', ${inbox}, 'Pay rent'), ('t2', 'ada', ${inbox}, 'Call mum'), ('t3', 'ada', ${inbox}, 'Water plants')`);
    await run(sql`insert into tags (id, list_id, name, color) values ('g-money', ${inbox}, 'money', 'green'), ('g-home', ${inbox}, 'Home', null), ('g-eclair', ${inbox}, 'Éclair', 'pink')`);
    await run(sql`insert into task_tags (task_id, tag_id, list_id) values ('t1', 'g-money', ${inbox}), ('t1', 'g-home', ${inbox}), ('t1', 'g-eclair', ${inbox}), ('t3', 'g-home', ${inbox})`);

    await migrateTo(handle, old, MIGRATIONS_FOLDER);

    // By the folded name ("eclair" < "home" < "money"), as every answer orders them.
    expect(await tagListOf("t1")).toEqual([
      { id: "g-eclair", name: "Éclair", color: "pink" },
      { id: "g-home", name: "Home", color: null },
      { id: "g-money", name: "money", color: "green" },
    ]);
    expect(await tagListOf("t2")).toEqual([]);
    expect(await tagListOf("t3")).toEqual([{ id: "g-home", name: "Home", color: null }]);
    expect(await staleTagLists(handle)).toEqual([]);
  });

  it("follows every change of what a task's tags show, and only those", async () => {
    const [{ id: inbox }] = (await run(sql`select id from lists where owner_id = 'ada'`)) as [{ id: string }];
    const home = { id: "g-home", name: "Home", color: null };

    await run(sql`update tags set name = 'House', color = 'blue' where id = 'g-home'`);
    expect(await tagListOf("t3")).toEqual([{ id: "g-home", name: "House", color: "blue" }]);
    expect(await tagListOf("t1")).toEqual([
      { id: "g-eclair", name: "Éclair", color: "pink" },
      { id: "g-home", name: "House", color: "blue" },
      { id: "g-money", name: "money", color: "green" },
    ]);
    await run(sql`update tags set name = 'Home', color = null where id = 'g-home'`);

    // A link added and one removed in one statement (as a retag writes them).
    await run(sql`with gone as (delete from task_tags where task_id = 't3' and tag_id = 'g-home'),
      added as (insert into task_tags (task_id, tag_id, list_id) values ('t3', 'g-money', ${inbox}), ('t2', 'g-home', ${inbox}))
      select 1`);
    expect(await tagListOf("t3")).toEqual([{ id: "g-money", name: "money", color: "green" }]);
    expect(await tagListOf("t2")).toEqual([home]);

    // A tag deleted: off every task that carried it (its links cascade).
    await run(sql`delete from tags where id = 'g-money'`);
    expect(await tagListOf("t3")).toEqual([]);
    expect(await tagListOf("t1")).toEqual([{ id: "g-eclair", name: "Éclair", color: "pink" }, home]);

    // A write that shows nothing new rewrites nothing: a tag's list id, a task's title.
    const before = await run(sql`select id, xmin::text from tasks order by id`);
    await run(sql`update tags set name = name where id = 'g-home'`);
    await run(sql`insert into tags (id, list_id, name) values ('g-new', ${inbox}, 'unused')`);
    expect(await run(sql`select id, xmin::text from tasks order by id`)).toEqual(before);

    // A task deleted takes its links; nothing else changes, nothing fails.
    await run(sql`delete from tasks where id = 't1'`);
    expect(await tagListOf("t2")).toEqual([home]);
    expect(await staleTagLists(handle)).toEqual([]);
  });
});

// Two connections: PGlite has one.
describe.runIf(process.env.DATABASE_URL)("a link made while a rename of its tag is open", () => {
  it("waits for the rename to commit, then shows the new name", async () => {
    const [{ id: inbox }] = (await run(sql`select id from lists where owner_id = 'ada'`)) as [{ id: string }];
    await run(sql`insert into tasks (id, user_id, list_id, title) values ('t9', 'ada', ${inbox}, 'Race')`);
    const renamer = postgres(old.databaseUrl!, { max: 1, onnotice: () => {} });
    const linker = postgres(old.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      let linked = false;
      let done!: () => void;
      let updated!: () => void;
      const renamed = new Promise<void>((resolve) => (done = resolve));
      const updating = new Promise<void>((resolve) => (updated = resolve));
      const renaming = renamer.begin(async (tx) => {
        // Sees no task carrying the tag yet: it rewrites none.
        await tx`update tags set name = 'Homestead' where id = 'g-home'`;
        updated();
        await renamed;
      });
      await updating;
      const [{ pid }] = (await linker`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      const linking = linker`insert into task_tags (task_id, tag_id, list_id) values ('t9', 'g-home', ${inbox})`.then(() => {
        linked = true;
      });
      // The link waits on a lock (FOR SHARE on the tag, held by the open rename), not on time.
      const watcher = postgres(old.databaseUrl!, { max: 1, onnotice: () => {} });
      try {
        await expect
          .poll(async () => (await watcher`select wait_event_type from pg_stat_activity where pid = ${pid}`)[0]?.wait_event_type, { timeout: 10_000 })
          .toBe("Lock");
      } finally {
        await watcher.end();
      }
      expect(linked).toBe(false);
      done();
      await renaming;
      await linking;
      expect(await tagListOf("t9")).toEqual([{ id: "g-home", name: "Homestead", color: null }]);
      expect(await staleTagLists(handle)).toEqual([]);
    } finally {
      await renamer.end();
      await linker.end();
    }
  });
});
