import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { runBatch } from "@/lib/tasks/batch";
import { listChanges } from "@/lib/tasks/changes";
import { listTasks } from "@/lib/tasks/list";
import { taskJson, type TaskJson } from "@/lib/tasks/responses";
import { clearCompletedTasks, createTask, deleteTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";

// Incremental sync, proved by property: whatever mix of writes happens, concurrently with
// syncs or between them, a client that applies GET /api/tasks/changes pages converges to
// exactly the server's state.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let users = 0;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

type Client = { tasks: Map<string, TaskJson>; token: string | undefined };

async function sync(userId: string, client: Client, limit: number) {
  for (;;) {
    const page = await listChanges(userId, { since: client.token, limit });
    for (const task of page.tasks) client.tasks.set(task.id, task);
    for (const id of page.deleted) client.tasks.delete(id);
    client.token = page.next;
    if (!page.hasMore) return;
  }
}

async function serverState(userId: string): Promise<Map<string, TaskJson>> {
  const state = new Map<string, TaskJson>();
  let cursor: string | undefined;
  do {
    const page = await listTasks(userId, { status: "all", limit: 100, cursor });
    for (const task of page.items) state.set(task.id, taskJson(task));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return state;
}

type Op =
  | { kind: "create"; title: string; completed: boolean }
  | { kind: "update"; pick: number; title: string }
  | { kind: "toggle"; pick: number }
  | { kind: "delete"; pick: number }
  | { kind: "clearCompleted" }
  | { kind: "batch"; picks: number[]; title: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0 && !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(s)), completed: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("update" as const), pick: fc.nat(), title: fc.constantFrom("a", "b", "c") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("toggle" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clearCompleted" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("batch" as const), picks: fc.array(fc.nat(), { maxLength: 4 }), title: fc.constantFrom("x", "y") }) },
);

async function apply(userId: string, known: string[], o: Op): Promise<void> {
  const pick = (n: number) => known[n % Math.max(known.length, 1)] ?? "0190f3a0-0000-7000-8000-000000000000";
  try {
    switch (o.kind) {
      case "create":
        known.push((await createTask(userId, { title: o.title.trim(), completed: o.completed })).id);
        return;
      case "update":
        await updateTask(userId, pick(o.pick), { title: o.title });
        return;
      case "toggle":
        await setTaskCompleted(userId, pick(o.pick), undefined);
        return;
      case "delete":
        await deleteTask(userId, pick(o.pick));
        return;
      case "clearCompleted":
        await clearCompletedTasks(userId);
        return;
      case "batch":
        await runBatch(userId, [
          { op: "create", body: { title: o.title } },
          ...o.picks.map((p) => ({ op: "update" as const, id: pick(p), body: { description: o.title } })),
        ]);
        return;
    }
  } catch (error) {
    // Writes to tasks that are already gone are part of the game: 404, nothing changes.
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
  }
}

describe("the change feed", () => {
  it("converges: syncs between writes, small pages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(op, fc.constant("sync" as const)), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (steps, limit) => {
        const userId = await insertUser(`sync-${users++}`);
        const client: Client = { tasks: new Map(), token: undefined };
        const known: string[] = [];
        for (const step of steps) {
          if (step === "sync") await sync(userId, client, limit);
          else await apply(userId, known, step);
        }
        await sync(userId, client, limit);
        expect(client.tasks).toEqual(await serverState(userId));
      }),
      { numRuns: 25 },
    );
  });

  it("converges: writes racing with syncs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 5 }), { maxLength: 6 }), async (rounds) => {
        const userId = await insertUser(`race-${users++}`);
        const client: Client = { tasks: new Map(), token: undefined };
        const known: string[] = [];
        for (const round of rounds) {
          await Promise.all([...round.map((o) => apply(userId, known, o)), sync(userId, client, 2)]);
        }
        await sync(userId, client, 2);
        expect(client.tasks).toEqual(await serverState(userId));
      }),
      { numRuns: 20 },
    );
  });

  it("starts with everything, then reports only what changed, and keeps the token when nothing did", async () => {
    const userId = await insertUser(`plain-${users++}`);
    const a = await createTask(userId, { title: "a" });
    const b = await createTask(userId, { title: "b" });
    const first = await listChanges(userId, { limit: 500 });
    expect(first.tasks.map((t) => t.id)).toEqual([a.id, b.id]);
    expect(first.deleted).toEqual([]);
    expect(first.hasMore).toBe(false);
    const quiet = await listChanges(userId, { since: first.next, limit: 500 });
    expect(quiet).toEqual({ tasks: [], deleted: [], next: first.next, hasMore: false });
    const changedA = await updateTask(userId, a.id, { title: "a2" });
    await deleteTask(userId, b.id);
    const second = await listChanges(userId, { since: first.next, limit: 500 });
    expect(second.tasks).toEqual([taskJson(changedA)]);
    expect(second.deleted).toEqual([b.id]);
  });

  it("refuses a token it did not issue", async () => {
    const userId = await insertUser(`token-${users++}`);
    for (const since of ["garbage", Buffer.from("r-1").toString("base64url"), Buffer.from("x5").toString("base64url")]) {
      await expect(listChanges(userId, { since, limit: 10 })).rejects.toEqual(
        new AppError("invalid_query", "The since token is not one this API returned.", [{ path: "since", message: "Invalid sync token." }]),
      );
    }
  });
});
