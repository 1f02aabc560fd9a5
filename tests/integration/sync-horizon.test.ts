import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { taskCounters, taskTombstones } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { runBatch } from "@/lib/tasks/batch";
import { listChanges } from "@/lib/tasks/changes";
import { completeAt } from "@/lib/tasks/sync-token";
import { clearCompletedTasks, createTask, deleteTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { compactTombstones } from "@/lib/tasks/tombstones";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { newSyncClient, serverState, syncToEnd, tombstonesOf } from "../support/sync-client";
import { untilOpenWritesEnd } from "../support/open-writes";

// The tombstone horizon (SYNC_TOMBSTONES_PER_USER=10 here, so compaction comes quickly):
// a sync position above an owner's horizon (the highest txid compacted) gets every
// deletion since; one at or below it is refused as expired, never answered with a feed
// that misses deletions; a client that then syncs again from scratch converges exactly.

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
    .select({ horizon: taskCounters.horizon })
    .from(taskCounters)
    .where(eq(taskCounters.userId, userId));
  return counter!;
}

/** The txids of the user's tombstones, oldest first. */
async function tombstoneTxids(userId: string): Promise<number[]> {
  const db = await database();
  const rows = await db.select({ txid: taskTombstones.txid }).from(taskTombstones).where(eq(taskTombstones.userId, userId)).orderBy(taskTombstones.txid);
  return rows.map((r) => r.txid);
}

async function createMany(userId: string, count: number, completed = false): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createTask(userId, { title: `t${i}`, completed })).id);
  return ids;
}

describe("both sides of the horizon", () => {
  it("a position above the horizon gets every deletion after it; one at or below it is expired", async () => {
    const userId = await insertUser(`edge-${users++}`);
    const ids = await createMany(userId, 15);
    const { next: beforeDeletes } = await listChanges(userId, { limit: 500 });
    // One transaction per delete: each tombstone has a txid of its own.
    for (const id of ids.slice(0, 12)) await deleteTask(userId, id);
    const { horizon } = await counterOf(userId);
    const kept = await tombstoneTxids(userId);
    expect(horizon).toBeGreaterThan(0); // some deletions were compacted
    expect(kept.length).toBeLessThanOrEqual(PER_USER);
    expect(kept[0]).toBeGreaterThan(horizon);

    // Just above the horizon: every tombstone kept, which are the last deletions in order.
    const above = await listChanges(userId, { since: completeAt(horizon + 1), limit: 500 });
    expect(above).toEqual({ tasks: [], deleted: ids.slice(12 - kept.length, 12), next: expect.any(String), hasMore: false });

    await expect(listChanges(userId, { since: completeAt(horizon), limit: 500 })).rejects.toEqual(EXPIRED);
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
    await createMany(userId, 20); // older than every deletion below
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
    const { horizon } = await counterOf(userId);
    expect(horizon).toBeGreaterThan(0);
    await untilOpenWritesEnd();
    const first = await listChanges(userId, { limit: 500 });
    expect(first).toEqual({ tasks: [], deleted: [], next: expect.any(String), hasMore: false });
    await createTask(userId, { title: "after" });
    const later = await listChanges(userId, { since: first.next, limit: 500 });
    expect(later.tasks.map((t) => t.title)).toEqual(["after"]);
  });

  it("deletions compacted while a first sync is being paged make the sync after it expired, not wrong", async () => {
    const userId = await insertUser(`mid-${users++}`);
    const ids = await createMany(userId, 20);
    const client = newSyncClient();
    const page = await listChanges(userId, { limit: 5 });
    expect(page.hasMore).toBe(true);
    for (const task of page.tasks) client.tasks.set(task.id, task);
    client.token = page.next;
    // The client now holds ids[0..4]; they and others are deleted, and the oldest of those
    // tombstones are compacted before the client asks for its next page. The first sync
    // pages on to its end (it reports no deletions); the one after it is told to start
    // again, since deletions after the first sync's floor are gone.
    for (const id of ids.slice(0, 15)) await deleteTask(userId, id);
    await syncToEnd(userId, client, 5);
    expect(client.resyncs).toBe(0);
    expect(client.tasks.size).toBe(10); // ids[0..4], stale, and ids[15..19]
    await expect(listChanges(userId, { since: client.token, limit: 5 })).rejects.toEqual(EXPIRED);
    await syncToEnd(userId, client, 5);
    expect(client.resyncs).toBe(1);
    expect(client.tasks).toEqual(await serverState(userId));
  });
});

describe("compaction", () => {
  it("tombstones older than SYNC_TOMBSTONE_DAYS (30) go at the account's next delete", async () => {
    const userId = await insertUser(`old-${users++}`);
    const ids = await createMany(userId, 6);
    for (const id of ids.slice(0, 4)) await deleteTask(userId, id);
    const lastOld = (await tombstoneTxids(userId)).at(-1);
    await untilOpenWritesEnd();
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
  it("takes a clear's tombstones together: one transaction, one position", { timeout: 120_000 }, async () => {
    const userId = await insertUser(`large-${users++}`);
    for (let i = 0; i < 11; i++) {
      await runBatch(userId, Array.from({ length: 100 }, (_, n) => ({ op: "create" as const, body: { title: `c${n}`, completed: true } })));
    }
    expect(await clearCompletedTasks(userId)).toBe(1100);
    // One clear is one transaction: its 1,100 tombstones share a txid, and a position is a
    // txid, so they go together (keeping some of them would not keep any position valid).
    expect(await tombstonesOf(userId)).toBe(0);
    expect((await counterOf(userId)).horizon).toBeGreaterThan(0);
  });

  it("removes at most 1,000 tombstones of distinct transactions per statement, oldest first, until the bound holds", async () => {
    const userId = await insertUser(`batches-${users++}`);
    const [inbox] = await createMany(userId, 1);
    const { listId } = (await listChanges(userId, { limit: 1 })).tasks[0]!;
    await deleteTask(userId, inbox!);
    const db = await database();
    // 1,100 tombstones of 1,100 past transactions (txids below any real one from here on).
    await db.execute(sql`delete from ${taskTombstones} where user_id = ${userId}`);
    await db.execute(sql`insert into ${taskTombstones} (user_id, list_id, task_id, txid)
      select ${userId}, ${listId}, gen_random_uuid()::text, n from generate_series(1, 1100) as n`);
    await db.execute(sql`update ${taskCounters} set tombstone_count = 1100 where user_id = ${userId}`);
    const statements: number[] = [];
    expect(await compactTombstones(db, userId, (removed) => statements.push(removed))).toBe(1100 - Math.floor(PER_USER * 0.9));
    expect(statements).toEqual([1000, 91]);
    expect(await tombstoneTxids(userId)).toEqual([1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099, 1100]);
    expect((await counterOf(userId)).horizon).toBe(1091);
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
