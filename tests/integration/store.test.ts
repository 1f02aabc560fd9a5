import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { tasks, users } from "@/db/schema";
import { AppError } from "@/lib/http/problem";
import { listTasks, listTasksStatement } from "@/lib/tasks/list";
import { createTask, deleteTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
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
    expect(defs.idx_tasks_user_created).toMatch(/\(user_id, created_at, id\)$/);
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
    expect(a).toEqual({ ...task, priority: "low", updatedAt: a.updatedAt, revision: task.revision + 1 });
    expect(b.revision).toBe(a.revision + 1);
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
  it("serves list pages from an index, without a sort or a scan of the table", async () => {
    const db = await database();
    const heavy = await insertUser("heavy-id");
    await db.execute(sql`
      insert into tasks (id, user_id, title, completed, created_at, updated_at, revision)
      select gen_random_uuid()::text, ${heavy}, 'task ' || i, i % 3 = 0, now() - i * interval '1 second', now(), i
      from generate_series(1, 20000) as i`);
    await db.execute(sql`analyze tasks`);
    const cursor = (await listTasks(heavy, { status: "all", limit: 50 })).nextCursor!;
    const client = postgres(env.db.databaseUrl!, { max: 1 });
    try {
      for (const query of [
        { status: "all", limit: 50 },
        { status: "all", limit: 50, cursor },
        { status: "pending", limit: 50, cursor },
      ] as const) {
        const { sql: text, params } = listTasksStatement(db, heavy, query).toSQL();
        const plan = (await client.unsafe(`explain ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
        expect(plan).toMatch(/Index Scan Backward using idx_tasks_user_created/);
        expect(plan).not.toMatch(/Seq Scan|Sort/);
      }
    } finally {
      await client.end();
    }
  });
});
