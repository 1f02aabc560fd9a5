import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { runBatch } from "@/lib/tasks/batch";
import { listChanges } from "@/lib/tasks/changes";
import { taskJson } from "@/lib/tasks/responses";
import { clearCompletedTasks, createTask, deleteTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { newSyncClient, serverState, syncToEnd, tombstonesOf } from "../support/sync-client";

// Incremental sync, proved by property: whatever mix of writes happens, concurrently with
// syncs or between them, a client that applies GET /api/tasks/changes pages converges to
// exactly the server's state.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let users = 0;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

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
  it("answers a token from before lists (a per-owner revision) with 410: sync again", async () => {
    const userId = await insertUser(`old-token-${users++}`);
    for (const text of ["r12", "r12d15"]) {
      await expect(listChanges(userId, { since: Buffer.from(text).toString("base64url"), limit: 10 })).rejects.toMatchObject({
        code: "sync_token_expired",
      });
    }
  });

  it("converges: syncs between writes, small pages", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(op, fc.constant("sync" as const)), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (steps, limit) => {
        const userId = await insertUser(`sync-${users++}`);
        const client = newSyncClient();
        const known: string[] = [];
        for (const step of steps) {
          if (step === "sync") await syncToEnd(userId, client, limit);
          else await apply(userId, known, step);
        }
        await syncToEnd(userId, client, limit);
        expect(client.tasks).toEqual(await serverState(userId));
        expect(client.resyncs).toBe(0); // nothing is compacted at these sizes
      }),
      { numRuns: 25 },
    );
  });

  it("converges: writes racing with syncs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 5 }), { maxLength: 6 }), async (rounds) => {
        const userId = await insertUser(`race-${users++}`);
        const client = newSyncClient();
        const known: string[] = [];
        for (const round of rounds) {
          await Promise.all([...round.map((o) => apply(userId, known, o)), syncToEnd(userId, client, 2)]);
        }
        await syncToEnd(userId, client, 2);
        expect(client.tasks).toEqual(await serverState(userId));
        expect(client.resyncs).toBe(0); // nothing is compacted at these sizes
      }),
      { numRuns: 20 },
    );
  });

  it("starts with everything, then reports only what changed, and nothing when nothing did", async () => {
    const userId = await insertUser(`plain-${users++}`);
    const a = await createTask(userId, { title: "a" });
    const b = await createTask(userId, { title: "b" });
    const first = await listChanges(userId, { limit: 500 });
    expect(first.tasks.map((t) => t.id)).toEqual([a.id, b.id]);
    expect(first.deleted).toEqual([]);
    expect(first.hasMore).toBe(false);
    // xmin is the cluster's: while another file's write transaction that began before a and
    // b is still open, a sync sends them again (unchanged, nothing deleted). Then none.
    let since = first.next;
    for (let resent = 0; ; resent++) {
      const again = await listChanges(userId, { since, limit: 500 });
      if (again.tasks.length === 0) break;
      expect(again).toEqual({ tasks: first.tasks, deleted: [], next: again.next, hasMore: false });
      expect(resent).toBeLessThan(200);
      since = again.next;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The token moves with the cluster's xmin even when nothing changed: a kept token would
    // fall behind owners' tombstone horizons and expire for nothing.
    const quiet = await listChanges(userId, { since, limit: 500 });
    expect(quiet).toEqual({ tasks: [], deleted: [], next: quiet.next, hasMore: false });
    const changedA = await updateTask(userId, a.id, { title: "a2" });
    await deleteTask(userId, b.id);
    const second = await listChanges(userId, { since, limit: 500 });
    expect(second.tasks).toEqual([taskJson(changedA)]);
    expect(second.deleted).toEqual([b.id]);
  });

  it("refuses a token it did not issue", async () => {
    const userId = await insertUser(`token-${users++}`);
    const invalid = ["r-1", "x", "x-5", "x5.5", "p-a5f5", "p-a5.not-a-uuidf5", `x${"9".repeat(20)}`, "x5 "];
    for (const since of ["garbage", ...invalid.map((text) => Buffer.from(text).toString("base64url"))]) {
      await expect(listChanges(userId, { since, limit: 10 })).rejects.toEqual(
        new AppError("invalid_query", "The since token is not one this API returned.", [{ path: "since", message: "Invalid sync token." }]),
      );
    }
  });
});

// SYNC_TOMBSTONES_PER_USER at its default here; sync-horizon.test.ts tests the horizon itself.
describe("tombstones are bounded", () => {
  const DEFAULT_PER_USER = 2000;

  const createCompleted = (userId: string, count: number) =>
    runBatch(userId, Array.from({ length: count }, (_, i) => ({ op: "create" as const, body: { title: `c${i}`, completed: true } })));

  it("50 rounds of a 100-task batch create and a clear of completed tasks leave at most the bound", { timeout: 120_000 }, async () => {
    const userId = await insertUser(`churn-${users++}`);
    const { next: start } = await listChanges(userId, { limit: 500 });
    for (let round = 0; round < 50; round++) {
      await createCompleted(userId, 100);
      expect(await clearCompletedTasks(userId)).toBe(100);
      expect(await tombstonesOf(userId)).toBeLessThanOrEqual(DEFAULT_PER_USER);
    }
    expect(await tombstonesOf(userId)).toBeGreaterThan(DEFAULT_PER_USER * 0.8);
    await expect(listChanges(userId, { since: start, limit: 500 })).rejects.toMatchObject({ code: "sync_token_expired" });
  });
});
