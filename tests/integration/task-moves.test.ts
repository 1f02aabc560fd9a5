import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { taskCounters, tasks, taskTombstones } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { taggedTaskColumns } from "@/lib/tags/of-task";
import { resetProcessSingleton } from "@/lib/singleton";
import { createTask, deleteTask, getTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { staleTagLists } from "../support/tag-lists";
import { addMember, createList, inboxOf } from "../support/list-fixtures";

// Writing and moving tasks through memberships, in the data layer: who may do what to a
// task of a shared list, what a move does to owners, counters and tombstones, and that a
// refusal changes nothing.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let n = 0;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

const NO_TASK = new AppError("not_found", "No such task.");
const NO_LIST = new AppError("not_found", "No such list.");
const forbidden = (detail: string) => new AppError("forbidden", detail);

async function people() {
  const run = n++;
  const [alice, bob, carol] = await Promise.all(["alice", "bob", "carol"].map((name) => insertUser(`${name}-${run}`)));
  return { alice: alice!, bob: bob!, carol: carol! };
}

async function row(id: string) {
  const db = await database();
  const [task] = await db
    .select(taggedTaskColumns())
    .from(tasks)
    .where(eq(tasks.id, id));
  return task;
}

async function counter(userId: string) {
  const db = await database();
  const [c] = await db.select({ tasks: taskCounters.taskCount, tombstones: taskCounters.tombstoneCount }).from(taskCounters).where(eq(taskCounters.userId, userId));
  return c ?? { tasks: 0, tombstones: 0 };
}

describe("tasks in a shared list", () => {
  it("an editor creates, changes, completes and deletes; the task stays the owner's; who wrote it is kept", async () => {
    const { alice, bob } = await people();
    const shared = await createList(alice, "Groceries");
    await addMember(shared, bob, "editor");
    const milk = await createTask(bob, { title: "milk", listId: shared });
    expect(milk).toMatchObject({ userId: alice, listId: shared, createdBy: bob, updatedBy: bob });
    expect(await counter(alice)).toEqual({ tasks: 1, tombstones: 0 });
    const changed = await updateTask(alice, milk.id, { title: "oat milk" });
    expect(changed).toMatchObject({ createdBy: bob, updatedBy: alice });
    expect(changed.revision).toBeGreaterThan(milk.revision);
    expect((await setTaskCompleted(bob, milk.id, true)).updatedBy).toBe(bob);
    await deleteTask(bob, milk.id);
    expect(await row(milk.id)).toBeUndefined();
    expect(await counter(alice)).toEqual({ tasks: 0, tombstones: 1 });
  });

  it("a viewer reads but every write is a 403 that changes nothing", async () => {
    const { alice, bob } = await people();
    const shared = await createList(alice);
    await addMember(shared, bob, "viewer");
    const task = await createTask(alice, { title: "look, don't touch", listId: shared });
    expect(await getTask(bob, task.id)).toEqual(task);
    await expect(createTask(bob, { title: "x", listId: shared })).rejects.toEqual(forbidden("Viewers of a list cannot add tasks to it."));
    await expect(updateTask(bob, task.id, { title: "x" })).rejects.toEqual(forbidden("Viewers of a list cannot change its tasks."));
    await expect(updateTask(bob, task.id, { title: "x" }, { ifMatch: [task.revision] })).rejects.toEqual(
      forbidden("Viewers of a list cannot change its tasks."),
    );
    await expect(setTaskCompleted(bob, task.id, true)).rejects.toEqual(forbidden("Viewers of a list cannot change its tasks."));
    await expect(deleteTask(bob, task.id)).rejects.toEqual(forbidden("Viewers of a list cannot change its tasks."));
    await expect(updateTask(bob, task.id, { listId: await inboxOf(bob) })).rejects.toEqual(forbidden("Viewers of a list cannot move its tasks."));
    expect(await row(task.id)).toEqual(task);
  });

  it("someone outside the list gets 404 for its tasks and the list, exactly as for ones that do not exist", async () => {
    const { alice, carol } = await people();
    const shared = await createList(alice);
    const task = await createTask(alice, { title: "private", listId: shared });
    const missingTask = "0190f3a0-0000-7000-8000-000000000000";
    const missingList = "0190f3a0-0000-7000-8000-000000000001";
    for (const id of [task.id, missingTask]) {
      await expect(getTask(carol, id)).rejects.toEqual(NO_TASK);
      await expect(updateTask(carol, id, { title: "x" })).rejects.toEqual(NO_TASK);
      await expect(updateTask(carol, id, { title: "x" }, { ifMatch: [task.revision] })).rejects.toEqual(NO_TASK);
      await expect(setTaskCompleted(carol, id, true)).rejects.toEqual(NO_TASK);
      await expect(deleteTask(carol, id)).rejects.toEqual(NO_TASK);
      await expect(updateTask(carol, id, { listId: await inboxOf(carol) })).rejects.toEqual(NO_TASK);
    }
    for (const listId of [shared, missingList, "not-a-uuid"]) {
      await expect(createTask(carol, { title: "x", listId })).rejects.toEqual(NO_LIST);
    }
    expect(await row(task.id)).toEqual(task);
  });
});

describe("moving a task", () => {
  it("between two of one's own lists: the list changes, a tombstone stays in the old one, counts stay", async () => {
    const { alice } = await people();
    const inbox = await inboxOf(alice);
    const work = await createList(alice, "Work");
    const task = await createTask(alice, { title: "report" });
    const moved = await updateTask(alice, task.id, { listId: work, title: "report v2" });
    expect(moved).toMatchObject({ listId: work, userId: alice, title: "report v2" });
    expect(moved.revision).toBeGreaterThan(task.revision);
    expect(await counter(alice)).toEqual({ tasks: 1, tombstones: 1 });
    const db = await database();
    expect(await db.select({ listId: taskTombstones.listId }).from(taskTombstones).where(eq(taskTombstones.taskId, task.id))).toEqual([{ listId: inbox }]);
    // And back: the old list's tombstone goes (the task is there again), the other's comes.
    await updateTask(alice, task.id, { listId: inbox });
    expect(await db.select({ listId: taskTombstones.listId }).from(taskTombstones).where(eq(taskTombstones.taskId, task.id))).toEqual([{ listId: work }]);
    expect(await counter(alice)).toEqual({ tasks: 1, tombstones: 1 });
  });

  it("to another owner's list: the task becomes theirs, and counts against them", async () => {
    const { alice, bob } = await people();
    const shared = await createList(alice);
    await addMember(shared, bob, "editor");
    const task = await createTask(bob, { title: "mine, then hers" });
    const moved = await updateTask(bob, task.id, { listId: shared });
    expect(moved).toMatchObject({ userId: alice, listId: shared, createdBy: bob, updatedBy: bob });
    expect(await counter(bob)).toEqual({ tasks: 0, tombstones: 1 });
    expect(await counter(alice)).toEqual({ tasks: 1, tombstones: 0 });
  });

  it("needs editor on both lists: a viewer of the target gets 403, a stranger to it 404, and nothing moves", async () => {
    const { alice, bob, carol } = await people();
    const viewed = await createList(alice);
    await addMember(viewed, bob, "viewer");
    const strange = await createList(carol);
    const task = await createTask(bob, { title: "stay" });
    await expect(updateTask(bob, task.id, { listId: viewed })).rejects.toEqual(forbidden("Viewers of a list cannot add tasks to it."));
    await expect(updateTask(bob, task.id, { listId: strange })).rejects.toEqual(NO_LIST);
    await expect(updateTask(bob, task.id, { listId: "0190f3a0-0000-7000-8000-000000000001" })).rejects.toEqual(NO_LIST);
    expect(await row(task.id)).toEqual(task);
    expect(await counter(bob)).toEqual({ tasks: 1, tombstones: 0 });
  });

  it("honours If-Match: a stale ETag is a 412 and nothing moves", async () => {
    const { alice } = await people();
    const work = await createList(alice);
    const task = await createTask(alice, { title: "etag" });
    const changed = await updateTask(alice, task.id, { title: "etag 2" });
    await expect(updateTask(alice, task.id, { listId: work }, { ifMatch: [task.revision] })).rejects.toEqual(
      new AppError("precondition_failed", "The task has changed since that ETag; fetch it again.", undefined, { revision: changed.revision }),
    );
    expect(await row(task.id)).toEqual(changed);
    expect((await updateTask(alice, task.id, { listId: work }, { ifMatch: [changed.revision] })).listId).toBe(work);
  });

  it("into a full account's list is refused under MAX_TASKS_PER_USER, and nothing moves", async () => {
    const { alice, bob } = await people();
    const shared = await createList(alice);
    await addMember(shared, bob, "editor");
    const task = await createTask(bob, { title: "no room" });
    const saved = process.env.MAX_TASKS_PER_USER;
    const { tasks: count } = await counter(alice);
    process.env.MAX_TASKS_PER_USER = String(Math.max(count, 1));
    resetProcessSingleton("config");
    try {
      if (count === 0) await createTask(alice, { title: "fills it" });
      await expect(updateTask(bob, task.id, { listId: shared })).rejects.toMatchObject({ code: "task_limit_reached" });
      expect(await row(task.id)).toEqual(task);
      expect(await counter(bob)).toEqual({ tasks: 1, tombstones: 0 });
    } finally {
      if (saved === undefined) delete process.env.MAX_TASKS_PER_USER;
      else process.env.MAX_TASKS_PER_USER = saved;
      resetProcessSingleton("config");
    }
  });
});

it("left every task's tag_list (the copy the database keeps) equal to its tags", async () => {
  expect(await staleTagLists(await database())).toEqual([]);
});
