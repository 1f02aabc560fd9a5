import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { tasks, taskTombstones } from "@/db/schema";
import { createTask, deleteTask, getTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";

// db/timestamps.ts against the database's own text: one instant in every year from 1 to
// 9999 (a different month, day, time and millisecond each), printed by this database
// (PGlite or PostgreSQL: run the file on both) in session time zones whose offsets are
// whole hours, half and quarter hours, and, before standard time, local mean time to the
// second. Each must read back as the instant the database says it is (its epoch).

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

const EVERY_YEAR = sql`
  select t, (extract(epoch from t) * 1000)::float8 as ms
  from generate_series(1, 9999) as y,
    lateral (select make_timestamptz(y, 1 + y % 12, 1 + y % 28, y % 24, (y * 7) % 60, (y * 13) % 60 + (y % 1000) / 1000.0, 'UTC') as t) as x
  union all
  select t, (extract(epoch from t) * 1000)::float8
  from (values ('0001-01-01T00:00:00.000Z'::timestamptz), ('9999-12-31T23:59:59.999Z'::timestamptz)) as edges (t)`;

describe("timestamps as the database prints them", () => {
  it.each(["UTC", "Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati", "Etc/GMT+12", "Europe/Paris"])(
    "read back exactly in every year from 1 to 9999 with the session in %s",
    async (zone) => {
      const db = await database();
      const rows = await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('TimeZone', ${zone}, true)`);
        return rowsOf<{ t: unknown; ms: number }>(await tx.execute(EVERY_YEAR));
      });
      expect(rows).toHaveLength(10_001);
      const wrong = rows.filter((row) => !(row.t instanceof Date) || row.t.getTime() !== row.ms);
      expect(wrong.slice(0, 5)).toEqual([]);
    },
  );

  it("reads every timestamp column of a task and its tombstone through Drizzle's mapping", async () => {
    const userId = await insertUser("timestamp-parsing");
    const db = await database();
    const task = await createTask(userId, { title: "year 10", dueDate: new Date("0010-01-01T00:00:00.000Z") });
    expect(task.dueDate).toEqual(new Date("0010-01-01T00:00:00.000Z"));
    expect((await getTask(userId, task.id)).dueDate).toEqual(new Date("0010-01-01T00:00:00.000Z"));
    // created_at, updated_at and deleted_at are written by the server, near now.
    const [stamps] = await db
      .select({ createdAt: tasks.createdAt, updatedAt: tasks.updatedAt, revision: tasks.revision })
      .from(tasks)
      .where(eq(tasks.id, task.id));
    for (const at of [stamps!.createdAt, stamps!.updatedAt]) expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(60_000);
    await deleteTask(userId, task.id);
    const [tombstone] = await db.select().from(taskTombstones).where(eq(taskTombstones.taskId, task.id));
    expect(Math.abs(tombstone!.deletedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
