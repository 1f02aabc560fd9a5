import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { startPgCluster, type PgCluster } from "../support/pg-cluster";
import { problems } from "../support/problems";
import { acknowledged, checkLedger, startWriteLoad, type WriteOp } from "../support/write-load";

// Writes keep coming while the database is stopped and started again, and later while its
// connections are killed. The app must refuse fast and cleanly (503 problem with
// Retry-After, never a 500 or a hang), recover by itself, and lose no acknowledged write.

const CLIENTS = 6;
/** "A few seconds": the bounds are a 2 s queue wait and a refused connection, nothing near this. */
const SLOW_MS = 4_000;
const UNAVAILABLE_DETAILS = ["The database is not answering; try again shortly.", "The database is busy; try again shortly."];

let cluster: PgCluster | undefined;
let server: AppServer | undefined;
let users: TestUser[];
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  cluster = await startPgCluster();
  process.env.DATABASE_URL = cluster.url; // the app's database is created on this cluster
  // No per-user request quota or task cap here: only the database may refuse.
  server = await startAppServer({ env: { API_RATE_LIMIT_PER_MINUTE: "0", MAX_TASKS_PER_USER: "0" } });
  users = await Promise.all(Array.from({ length: 3 }, (_, i) => signUp(server!, `Writer${i}`)));
});

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await cluster?.destroy();
    process.env.DATABASE_URL = previousUrl;
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `count` writes that started after `since` were acknowledged. */
async function acknowledgedSince(ops: WriteOp[], since: number, count: number, withinMs: number): Promise<number> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const done = ops.filter((op) => op.startedAt >= since && acknowledged(op)).length;
    if (done >= count) return Date.now() - since;
    if (Date.now() > deadline) throw new Error(`only ${done} acknowledged writes within ${withinMs} ms of ${new Date(since).toISOString()}`);
    await sleep(50);
  }
}

it("refuses fast during an outage and a connection massacre, recovers alone, loses nothing acknowledged", async () => {
  const databaseName = new URL(server!.db.databaseUrl!).pathname.slice(1);
  const load = startWriteLoad(server!, users, {
    clients: CLIENTS,
    cookieClients: 2, // a session lookup in the database before each of their writes
    maxOpsPerClient: 4_000,
    requestTimeoutMs: 15_000,
    pauseAfterRefusalMs: 25,
  });
  const timeline: Record<string, number> = {};
  try {
    await acknowledgedSince(load.ops, 0, 100, 15_000);

    await cluster!.stop();
    timeline.stopped = Date.now();
    await sleep(3_000);
    timeline.restarted = Date.now();
    await cluster!.start();
    timeline.recoveredAfterMs = await acknowledgedSince(load.ops, timeline.restarted, 50, 15_000);
    await sleep(1_000);

    timeline.killed = Date.now();
    expect(await cluster!.terminateBackends(databaseName)).toBeGreaterThan(0);
    await sleep(300);
    await cluster!.terminateBackends(databaseName);
    timeline.recoveredAfterKillMs = await acknowledgedSince(load.ops, timeline.killed, 50, 15_000);
  } finally {
    await load.stop();
  }

  const ops = load.ops;
  const during = (op: WriteOp) => op.startedAt >= timeline.stopped! && op.startedAt < timeline.restarted!;
  const refused = ops.filter((op) => op.status === 503);

  // Nothing hangs: every answer within a few seconds, the outage's included.
  const slow = ops.filter((op) => op.ms > SLOW_MS).map((op) => `${op.kind} ${op.tag}: ${Math.round(op.ms)} ms, ${op.status}`);
  expect(slow).toEqual([]);
  // Every answer is a success or a clean 503 problem: no 500, no dropped connection.
  const unexpected = ops
    .filter((op) => !acknowledged(op))
    .filter(
      (op) =>
        op.status !== 503 ||
        op.retryAfter !== "5" ||
        !UNAVAILABLE_DETAILS.some(
          (detail) =>
            JSON.stringify(op.body) ===
            JSON.stringify(problems.unavailable(detail)),
        ),
    )
    .map((op) => `${op.kind} ${op.tag}: ${op.status} ${JSON.stringify(op.body)}`);
  expect(unexpected).toEqual([]);
  // The outage did bite (this test cannot pass by missing it); acknowledgedSince saw the
  // app come back after each fault.
  expect(ops.filter(during).filter((op) => op.status === 503).length).toBeGreaterThan(0);

  const ledger = await checkLedger(server!.db.databaseUrl!, users, ops);
  console.info(
    `fault test: ${ledger.acknowledged} acknowledged, ${ledger.found} found, ${ledger.lost.length} lost, ` +
      `${refused.length} refused with 503 (${ops.length} attempts, slowest answer ${Math.round(Math.max(...ops.map((op) => op.ms)))} ms; ` +
      `back ${timeline.recoveredAfterMs} ms after the restart, ` +
      `${timeline.recoveredAfterKillMs} ms after the kill; ${ledger.unacknowledgedLanded} unacknowledged creates landed)`,
  );
  expect(ledger.lost).toEqual([]);
  expect(ledger.found).toBe(ledger.acknowledged);
});
