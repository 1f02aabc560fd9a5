import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { gatedClient } from "@/db/gated-client";
import { PoolGate } from "@/db/pool-gate";
import { tasks } from "@/db/schema";
import { metrics } from "@/lib/observability/metrics";
import { captureLog } from "../lib/observability/capture-log";

// Every statement through the gated client is timed into db_query_duration_seconds, and
// logged as a slow query past SLOW_QUERY_MS (default 100 ms) by name, without its values.

/** A stand-in for postgres.js whose queries answer after `delayMs[text]` (default 0). */
function slowPostgres(delayMs: Record<string, number> = {}) {
  const query = (text: string) => {
    const q = {
      values: () => q,
      then: (ok: (rows: unknown[]) => unknown, fail: (e: unknown) => unknown) =>
        new Promise<unknown[]>((answer) => setTimeout(() => answer([]), delayMs[text] ?? 0)).then(ok, fail),
    };
    return q;
  };
  const tx = { unsafe: query };
  const client = {
    options: { parsers: {}, serializers: {} },
    unsafe: query,
    begin: async (fn: (tx: unknown) => Promise<unknown>) => fn(tx),
  };
  return client as unknown as postgres.Sql;
}

async function countsByStatement(): Promise<Record<string, number>> {
  const { values } = await metrics().dbQueryDuration.get();
  return Object.fromEntries(values.filter((v) => v.metricName === "db_query_duration_seconds_count").map((v) => [v.labels.statement, v.value]));
}

let log: ReturnType<typeof captureLog>;
beforeEach(() => {
  log = captureLog();
  metrics().dbQueryDuration.reset();
});
afterEach(() => log.restore());

describe("statement timing", () => {
  it("counts every statement by name, and logs only the slow one, without its values", async () => {
    const slow = 'update "tasks" set "title" = $1 where "tasks"."id" = $2';
    const db = drizzle({ client: gatedClient(slowPostgres({ [slow]: 150 }), new PoolGate({ active: 2, queueMax: 10, queueTimeoutMs: 1000 })) });
    await db.select({ id: tasks.id }).from(tasks);
    await db.update(tasks).set({ title: "Top secret plans" }).where(sql`${tasks.id} = ${"id-1"}`);
    expect(await countsByStatement()).toEqual({ "select tasks": 1, "update tasks": 1 });
    expect(log.lines).toStrictEqual([
      { level: "warn", time: expect.any(String), pid: process.pid, hostname: expect.any(String), statement: "update tasks", durationMs: expect.any(Number), msg: "slow query" },
    ]);
    expect(log.lines[0]!.durationMs).toBeGreaterThanOrEqual(140);
    expect(log.raw.join("")).not.toMatch(/Top secret|id-1|\$1/);
  });

  it("times a transaction as a whole and each of its statements", async () => {
    const db = drizzle({ client: gatedClient(slowPostgres(), new PoolGate({ active: 1, queueMax: 10, queueTimeoutMs: 1000 })) });
    await db.transaction(async (tx) => {
      await tx.insert(tasks).values({ id: "id", revision: 1, userId: "u", listId: "l", title: "t" });
      await tx.delete(tasks).where(sql`false`);
    });
    expect(await countsByStatement()).toEqual({ transaction: 1, "insert tasks": 1, "delete tasks": 1 });
  });

  it("does not count the wait for a connection", async () => {
    const slow = "select pg_sleep(0.2)";
    const gate = new PoolGate({ active: 1, queueMax: 10, queueTimeoutMs: 1000 });
    const db = drizzle({ client: gatedClient(slowPostgres({ [slow]: 200 }), gate) });
    await Promise.all([db.execute(sql.raw(slow)), db.execute(sql`select 1`)]);
    const { values } = await metrics().dbQueryDuration.get();
    const sum = values.find((v) => v.metricName === "db_query_duration_seconds_sum" && v.labels.statement === "select")!.value;
    expect(sum).toBeLessThan(0.3); // the two together: 0.2 s and a moment; with the wait, 0.4 s
    expect(log.lines.map((l) => l.statement)).toEqual(["select"]); // the pg_sleep, once: the other waited, fast
  });
});
