import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { taskCounters, taskTombstones } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { runBatch } from "@/lib/tasks/batch";
import { encodeSyncToken, listChanges } from "@/lib/tasks/changes";
import { clearCompletedTasks, createTask, deleteTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { newSyncClient, serverState, syncToEnd, tombstonesOf } from "../support/sync-client";

// The tombstone horizon (SYNC_TOMBSTONES_PER_USER=10 here, so compaction comes quickly):
// a sync token at or above an account's horizon gets every deletion since; one below it is
// refused as expired, never answered with a feed that misses deletions; a client that
// then syncs again from scratch converges exactly.

const PER_USER = 10;
let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let users = 0;
const saved = process.env.SYNC_TOMBSTONES_PER_USER;

beforeAll(async () => {
  process.env.SYNC_TOMBSTONES_PER_USER = String(PER_USER);
  env = await useCleanDatabase();
});
afterAll(async () => {
  await env?.close();
  if (saved === undefined) delete process.env.SYNC_TOMBSTONES_PER_USER;
  else process.env.SYNC_TOMBSTONES_PER_USER = saved;
});

const EXPIRED = new AppError(
  "sync_token_expired",
  "This sync token is older than the deletions the server keeps: sync again without since, and replace your copy with what that returns.",
  [{ path: "since", message: "Expired: sync again without it." }],
);

async function counterOf(userId: string) {
  const db = await database();
  const [counter] = await db
    .select({ horizon: taskCounters.horizon, revision: sql<number>`0`.mapWith(Number) })
    .from(taskCounters)
    .where(eq(taskCounters.userId, userId));
  return counter!;
}

async function createMany(userId: string, count: number, completed = false): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createTask(userId, { title: `t${i}`, completed })).id);
  return ids;
}

describe("both sides of the horizon", () => {
  it("a token at the horizon gets every deletion after it; one below is expired", async () => {
    const userId = await insertUser(`edge-${users++}`);
    const ids = await createMany(userId, 15);
    const { next: beforeDeletes } = await listChanges(userId, { limit: 500 });
    for (const id of ids.slice(0, 12)) await deleteTask(userId, id);
    const { horizon, revision } = await counterOf(userId);
    expect(horizon).toBeGreaterThan(15); // some deletions were compacted
    expect(await tombstonesOf(userId)).toBeLessThanOrEqual(PER_USER);

    // The revision of each deletion is 15 + its position: the ones after the horizon are
    // exactly the tombstones kept.
    const after = ids.slice(horizon - 15, 12);
    const atHorizon = await listChanges(userId, { since: encodeSyncToken(horizon), limit: 500 });
    expect(atHorizon).toEqual({ tasks: [], deleted: after, next: encodeSyncToken(revision), hasMore: false });
    expect(after.length).toBe(await tombstonesOf(userId));

    await expect(listChanges(userId, { since: encodeSyncToken(horizon - 1), limit: 500 })).rejects.toEqual(EXPIRED);
    await expect(listChanges(userId, { since: beforeDeletes, limit: 500 })).rejects.toEqual(EXPIRED);
  });

  it("a client told its token expired syncs again from nothing and converges exactly", async () => {
    const userId = await insertUser(`resync-${users++}`);
    const ids = await createMany(userId, 30);
    const client = newSyncClient();
    await syncToEnd(userId, client, 7);
    for (const id of ids.slice(0, 20)) await deleteTask(userId, id);
    await updateTask(userId, ids[25]!, { title: "changed while away" });
    await expect(listChanges(userId, { since: client.token, limit: 7 })).rejects.toEqual(EXPIRED);
    await syncToEnd(userId, client, 7);
    expect(client.resyncs).toBe(1);
    expect(client.tasks).toEqual(await serverState(userId));
  });

  it("a first sync is paged to the end even when the account's oldest tasks are below the horizon", async () => {
    const userId = await insertUser(`first-${users++}`);
    await createMany(userId, 20); // revisions 1..20, older than every deletion below
    const churn = await createMany(userId, 30);
    for (const id of churn) await deleteTask(userId, id);
    expect((await counterOf(userId)).horizon).toBeGreaterThan(20);
    const client = newSyncClient();
    await syncToEnd(userId, client, 3);
    expect(client.resyncs).toBe(0);
    expect(client.tasks).toEqual(await serverState(userId));
    expect(client.tasks.size).toBe(20);
  });

  it("an empty account's first sync gives a token that stays valid", async () => {
    const userId = await insertUser(`empty-${users++}`);
    await createMany(userId, 40, true);
    await clearCompletedTasks(userId);
    expect((await counterOf(userId)).horizon).toBeGreaterThan(0);
    const first = await listChanges(userId, { limit: 500 });
    expect(first).toEqual({ tasks: [], deleted: [], next: encodeSyncToken((await counterOf(userId)).revision), hasMore: false });
    await createTask(userId, { title: "after" });
    const later = await listChanges(userId, { since: first.next, limit: 500 });
    expect(later.tasks.map((t) => t.title)).toEqual(["after"]);
  });

  it("deletions compacted while a first sync is being paged make its next page expired, not wrong", async () => {
    const userId = await insertUser(`mid-${users++}`);
    const ids = await createMany(userId, 20);
    const page = await listChanges(userId, { limit: 5 });
    expect(page.hasMore).toBe(true);
    // The client now holds ids[0..4]; they and others are deleted, and the oldest of those
    // tombstones are compacted before the client asks for its next page.
    for (const id of ids.slice(0, 15)) await deleteTask(userId, id);
    await expect(listChanges(userId, { since: page.next, limit: 5 })).rejects.toEqual(EXPIRED);
  });
});

describe("compaction", () => {
  it("tombstones older than SYNC_TOMBSTONE_DAYS (30) go at the account's next delete", async () => {
    const userId = await insertUser(`old-${users++}`);
    const ids = await createMany(userId, 6);
    for (const id of ids.slice(0, 4)) await deleteTask(userId, id);
    const { revision: lastOld } = await counterOf(userId);
    const { next: token } = await listChanges(userId, { limit: 500 });
    const db = await database();
    await db.execute(sql`update ${taskTombstones} set deleted_at = now() - interval '31 days' where user_id = ${userId}`);
    await deleteTask(userId, ids[4]!);
    expect(await tombstonesOf(userId)).toBe(1);
    expect((await counterOf(userId)).horizon).toBe(lastOld);
    expect(await listChanges(userId, { since: token, limit: 500 })).toMatchObject({ deleted: [ids[4]] });
  });

  it("tombstones younger than that stay while the account has at most SYNC_TOMBSTONES_PER_USER", async () => {
    const userId = await insertUser(`young-${users++}`);
    const ids = await createMany(userId, PER_USER);
    const { next: token } = await listChanges(userId, { limit: 500 });
    const db = await database();
    await db.execute(sql`update ${taskTombstones} set deleted_at = now() - interval '29 days' where user_id = ${userId}`);
    for (const id of ids) await deleteTask(userId, id);
    expect(await tombstonesOf(userId)).toBe(PER_USER);
    expect((await counterOf(userId)).horizon).toBe(0);
    expect((await listChanges(userId, { since: token, limit: 500 })).deleted).toEqual(ids);
  });

  it("a batch, a clear and single deletes all compact; the count never passes the bound", async () => {
    const userId = await insertUser(`paths-${users++}`);
    for (let round = 0; round < 5; round++) {
      const created = await runBatch(userId, Array.from({ length: 8 }, (_, i) => ({ op: "create" as const, body: { title: `b${i}`, completed: i % 2 === 0 } })));
      const ids = created.map((r) => (r.op === "create" ? r.task.id : ""));
      await clearCompletedTasks(userId);
      await runBatch(userId, ids.filter((_, i) => i % 2 === 1).slice(0, 2).map((id) => ({ op: "delete" as const, id })));
      await deleteTask(userId, ids[7]!);
      expect(await tombstonesOf(userId)).toBeLessThanOrEqual(PER_USER);
    }
  });
});

describe("compaction of a large clear", () => {
  it("goes in batches of at most 1,000 rows until the bound holds", { timeout: 120_000 }, async () => {
    const userId = await insertUser(`large-${users++}`);
    for (let i = 0; i < 11; i++) {
      await runBatch(userId, Array.from({ length: 100 }, (_, n) => ({ op: "create" as const, body: { title: `c${n}`, completed: true } })));
    }
    expect(await clearCompletedTasks(userId)).toBe(1100);
    // 1,091 to remove, more than one statement's worth.
    expect(await tombstonesOf(userId)).toBe(Math.floor(PER_USER * 0.9));
    expect((await counterOf(userId)).horizon).toBe((await counterOf(userId)).revision - Math.floor(PER_USER * 0.9));
  });
});

describe("the change feed with compaction in play", () => {
  type Op = { kind: "create" | "toggle" | "delete" | "clear"; pick: number };
  const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom("create", "create", "toggle", "delete", "delete", "clear"), pick: fc.nat() });

  async function apply(userId: string, known: string[], o: Op): Promise<void> {
    const pick = known[o.pick % Math.max(known.length, 1)] ?? "0190f3a0-0000-7000-8000-000000000000";
    try {
      if (o.kind === "create") known.push((await createTask(userId, { title: "p", completed: o.pick % 2 === 0 })).id);
      if (o.kind === "toggle") await setTaskCompleted(userId, pick, undefined);
      if (o.kind === "delete") await deleteTask(userId, pick);
      if (o.kind === "clear") await clearCompletedTasks(userId);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "not_found")) throw error;
    }
  }

  it("converges: syncs between writes and racing with them, expired tokens answered by a resync", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 12 }), { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (rounds, limit) => {
        const userId = await insertUser(`prop-${users++}`);
        const client = newSyncClient();
        const known: string[] = [];
        for (const round of rounds) await Promise.all([...round.map((o) => apply(userId, known, o)), syncToEnd(userId, client, limit)]);
        await syncToEnd(userId, client, limit);
        expect(client.tasks).toEqual(await serverState(userId));
        expect(await tombstonesOf(userId)).toBeLessThanOrEqual(PER_USER);
      }),
      { numRuns: 25 },
    );
  });
});
