import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { activity, taskComments, tasks } from "@/db/schema";
import { addComment, deleteComment } from "@/lib/comments/store";
import { AppError } from "@/lib/errors";
import { purgeExpiredHistory, purgeHistoryLater, PURGE_BATCH } from "@/lib/history/retention";
import { resetProcessSingleton } from "@/lib/singleton";
import { deleteList } from "@/lib/lists/lists";
import { runBatch } from "@/lib/tasks/batch";
import { createTaskOnce } from "@/lib/tasks/idempotency";
import { clearCompletedTasks, createTask, deleteTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, createList, inboxOf } from "../support/list-fixtures";

// The audit log in the data layer: every write path records exactly its entries, in the
// same transaction as the change (a rollback leaves none), an update only what really
// changed, a move one `moved` entry in the new list that names the old one, deletes by a
// person a `deleted` entry and deletes by a list's deletion none; comments follow their
// task's list; retention purges in batches.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let n = 0;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

async function people() {
  const run = n++;
  const [alice, bob] = await Promise.all(["alice", "bob"].map((name) => insertUser(`history-${name}-${run}`)));
  return { alice: alice!, bob: bob! };
}

/** The task's entries, oldest first, as the table holds them. */
async function entriesOf(taskId: string) {
  const db = await database();
  return db
    .select({
      action: activity.action,
      listId: activity.listId,
      fromListId: activity.fromListId,
      actorId: activity.actorId,
      taskTitle: activity.taskTitle,
      changes: activity.changes,
    })
    .from(activity)
    .where(eq(activity.taskId, taskId))
    .orderBy(asc(activity.id));
}

const entry = (action: string, listId: string, actorId: string, taskTitle: string, changes: unknown = null, fromListId: string | null = null) => ({
  action,
  listId,
  fromListId,
  actorId,
  taskTitle,
  changes,
});

async function entryCount(): Promise<number> {
  const db = await database();
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(activity);
  return row!.n;
}

describe("each write path records exactly its entries", () => {
  it("create, update (only what changed), complete, reopen, replace, delete", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    const task = await createTask(alice, { title: "Water", description: "the plants", priority: "low", dueDate: new Date("2026-05-01T17:00:00Z") });
    await updateTask(alice, task.id, { title: "Water", priority: "high", dueDate: new Date("2026-05-03T08:30:00.250Z") });
    // The same values again: a new revision, and nothing to record.
    await updateTask(alice, task.id, { title: "Water", priority: "high" });
    await setTaskCompleted(alice, task.id, true);
    await setTaskCompleted(alice, task.id, undefined);
    await updateTask(alice, task.id, { title: "Water them", description: null, priority: null, dueDate: null, completed: true });
    await deleteTask(alice, task.id);
    expect(await entriesOf(task.id)).toEqual([
      entry("created", inbox, alice, "Water"),
      entry("updated", inbox, alice, "Water", {
        priority: { from: "low", to: "high" },
        dueDate: { from: "2026-05-01T17:00:00.000Z", to: "2026-05-03T08:30:00.250Z" },
      }),
      entry("completed", inbox, alice, "Water", { completed: { from: false, to: true } }),
      entry("reopened", inbox, alice, "Water", { completed: { from: true, to: false } }),
      entry("updated", inbox, alice, "Water them", {
        title: { from: "Water", to: "Water them" },
        description: { from: "the plants", to: null },
        priority: { from: "high", to: null },
        dueDate: { from: "2026-05-03T08:30:00.250Z", to: null },
        completed: { from: false, to: true },
      }),
      entry("deleted", inbox, alice, "Water them"),
    ]);
  });

  it("a move: one `moved` entry in the new list naming the old one, by the mover; other fields as an update after it", async () => {
    const { alice, bob } = await people();
    const shared = await createList(alice, "Shared");
    await addMember(shared, bob, "editor");
    const bobsInbox = await inboxOf(bob);
    const task = await createTask(alice, { title: "Milk", listId: shared });
    await updateTask(bob, task.id, { listId: bobsInbox, title: "Oat milk" });
    await updateTask(bob, task.id, { listId: bobsInbox }); // already there: nothing changes
    expect(await entriesOf(task.id)).toEqual([
      entry("created", shared, alice, "Milk"),
      entry("moved", bobsInbox, bob, "Milk", { listId: { from: shared, to: bobsInbox } }, shared),
      entry("updated", bobsInbox, bob, "Oat milk", { title: { from: "Milk", to: "Oat milk" } }),
    ]);
  });

  it("clear-completed records a `deleted` entry per task; a batch one entry per operation", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    const [results] = [
      await runBatch(alice, [
        { op: "create", body: { title: "One", completed: true } },
        { op: "create", body: { title: "Two" } },
      ]),
    ];
    const [one, two] = results!.map((r) => (r.op === "create" ? r.task.id : ""));
    await runBatch(alice, [{ op: "complete", id: two! }]);
    expect(await clearCompletedTasks(alice, inbox)).toBe(2);
    expect(await entriesOf(one!)).toEqual([entry("created", inbox, alice, "One"), entry("deleted", inbox, alice, "One")]);
    expect(await entriesOf(two!)).toEqual([
      entry("created", inbox, alice, "Two"),
      entry("completed", inbox, alice, "Two", { completed: { from: false, to: true } }),
      entry("deleted", inbox, alice, "Two"),
    ]);
  });

  it("an idempotent create records once, however often it is retried", async () => {
    const { alice } = await people();
    const answer = (task: { id: string }) => ({ id: task.id });
    const first = await createTaskOnce(alice, { title: "Once" }, "key-1", answer);
    const again = await createTaskOnce(alice, { title: "Once" }, "key-1", answer);
    expect(again).toEqual(first);
    expect((await entriesOf(first.id)).map((e) => e.action)).toEqual(["created"]);
  });

  it("a comment records `commented` and moves commentCount and the revision, not updatedAt; deleting it records nothing", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    const task = await createTask(alice, { title: "Discuss" });
    const comment = await addComment(alice, task.id, { body: "Why not?" });
    const after = await getTask(alice, task.id);
    expect(after).toMatchObject({ commentCount: 1, updatedAt: task.updatedAt, updatedBy: alice });
    expect(after.revision).toBeGreaterThan(task.revision);
    expect(after.txid).toBeGreaterThanOrEqual(task.txid);
    await deleteComment(alice, task.id, comment.id);
    const gone = await getTask(alice, task.id);
    expect(gone.commentCount).toBe(0);
    expect(gone.revision).toBeGreaterThan(after.revision);
    expect(await entriesOf(task.id)).toEqual([entry("created", inbox, alice, "Discuss"), entry("commented", inbox, alice, "Discuss")]);
  });

  it("a revision bump, an owner change or a writer set to null records nothing", async () => {
    const { alice } = await people();
    const task = await createTask(alice, { title: "Quiet" });
    const db = await database();
    await db.update(tasks).set({ revision: sql`nextval('task_revisions')`, updatedBy: null, updatedAt: sql`now()` }).where(eq(tasks.id, task.id));
    expect((await entriesOf(task.id)).map((e) => e.action)).toEqual(["created"]);
  });
});

describe("a history entry never exists without its change", () => {
  it("a batch whose last operation fails leaves no entry of any of its operations", async () => {
    const { alice } = await people();
    const kept = await createTask(alice, { title: "Kept" });
    const before = await entryCount();
    const failed = await runBatch(alice, [
      { op: "create", body: { title: "Rolled back" } },
      { op: "update", id: kept.id, body: { title: "Renamed" } },
      { op: "complete", id: kept.id },
      { op: "delete", id: "0190f3a0-0000-7000-8000-00000000dead" },
    ]).catch((error: unknown) => error);
    expect(failed).toEqual(new AppError("not_found", "Operation 3: No such task."));
    expect(await entryCount()).toBe(before);
    expect((await entriesOf(kept.id)).map((e) => e.action)).toEqual(["created"]);
  });

  it("a transaction that fails after a write takes its entry with it", async () => {
    const { alice } = await people();
    const task = await createTask(alice, { title: "Stays" });
    const db = await database();
    const before = await entryCount();
    await expect(
      db.transaction(async (tx) => {
        await updateTask(alice, task.id, { title: "Never" }, { db: tx });
        await createTask(alice, { title: "Never either" }, { db: tx });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await entryCount()).toBe(before);
  });

  it("a list's deletion records no deletions (its activity goes with it)", async () => {
    const { alice } = await people();
    const doomed = await createList(alice, "Doomed");
    const task = await createTask(alice, { title: "Goes with it", listId: doomed });
    await deleteList(alice, doomed, undefined);
    expect(await entriesOf(task.id)).toEqual([]);
  });
});

describe("comments follow their task", () => {
  it("a moved task's comments take its new list", async () => {
    const { alice } = await people();
    const other = await createList(alice, "Other");
    const task = await createTask(alice, { title: "Travels" });
    await addComment(alice, task.id, { body: "first" });
    await addComment(alice, task.id, { body: "second" });
    await updateTask(alice, task.id, { listId: other });
    const db = await database();
    const rows = await db.select({ listId: taskComments.listId }).from(taskComments).where(eq(taskComments.taskId, task.id));
    expect(rows).toEqual([{ listId: other }, { listId: other }]);
  });
});

describe("retention", () => {
  it("purges entries older than the days, in batches, and keeps the rest", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    const db = await database();
    const old = PURGE_BATCH * 2 + 5;
    await db.execute(sql`
      insert into ${activity} (list_id, task_id, task_title, actor_id, action, created_at)
      select ${inbox}, null, 'old', ${alice}, 'created', now() - make_interval(days => 40) - g * interval '1 second'
      from generate_series(1, ${old}) g`);
    await db.execute(sql`
      insert into ${activity} (list_id, task_id, task_title, actor_id, action, created_at)
      values (${inbox}, null, 'recent', ${alice}, 'created', now() - make_interval(days => 20))`);
    const total = await entryCount();
    expect(await purgeExpiredHistory(30, undefined, 1)).toBe(PURGE_BATCH); // one batch per call at most
    expect(await purgeExpiredHistory(30)).toBe(old - PURGE_BATCH);
    expect(await purgeExpiredHistory(30)).toBe(0);
    expect(await entryCount()).toBe(total - old);
    const left = await db.select({ title: activity.taskTitle }).from(activity).where(eq(activity.listId, inbox));
    expect(left).toEqual([{ title: "recent" }]);
  });
});

describe("when the purge runs", () => {
  async function oldEntries(listId: string, actorId: string, n: number) {
    const db = await database();
    await db.execute(sql`
      insert into ${activity} (list_id, task_title, actor_id, action, created_at)
      select ${listId}, 'old', ${actorId}, 'created', now() - make_interval(days => 400) from generate_series(1, ${n})`);
  }
  async function oldCount(listId: string): Promise<number> {
    const db = await database();
    const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(activity).where(sql`${activity.listId} = ${listId} and ${activity.taskTitle} = 'old'`);
    return row!.n;
  }
  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
  }

  it("never without HISTORY_RETENTION_DAYS; with it, at most once a minute per instance", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    await oldEntries(inbox, alice, 3);
    purgeHistoryLater(1_000_000); // retention unset: kept forever
    await new Promise((r) => setTimeout(r, 200));
    expect(await oldCount(inbox)).toBe(3);

    process.env.HISTORY_RETENTION_DAYS = "365";
    resetProcessSingleton("config");
    resetProcessSingleton("history-purge");
    try {
      purgeHistoryLater(2_000_000);
      await until(async () => (await oldCount(inbox)) === 0);
      expect(await oldCount(inbox)).toBe(0);
      await oldEntries(inbox, alice, 2);
      purgeHistoryLater(2_000_000 + 59_000); // within the minute: not again
      await new Promise((r) => setTimeout(r, 200));
      expect(await oldCount(inbox)).toBe(2);
      purgeHistoryLater(2_000_000 + 61_000);
      await until(async () => (await oldCount(inbox)) === 0);
      expect(await oldCount(inbox)).toBe(0);
    } finally {
      delete process.env.HISTORY_RETENTION_DAYS;
      resetProcessSingleton("config");
      resetProcessSingleton("history-purge");
    }
  });
});
