import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { describe, expect, it } from "vitest";
import { gatedClient, unprepared } from "@/db/gated-client";
import { PoolGate } from "@/db/pool-gate";
import { tasks } from "@/db/schema";

// A stand-in for postgres.js that records what reaches it and answers when the test says.
// Like postgres.js, a query does nothing until it is awaited.
function fakePostgres() {
  const log: string[] = [];
  /** Each statement's text and whether it was sent as a named prepared statement. */
  const prepared: [string, boolean][] = [];
  const pending: { text: string; answer(rows: unknown[]): void }[] = [];
  const query = (where: string, text: string) => {
    let mode = "rows";
    const q = {
      values() {
        mode = "values";
        return q;
      },
      then(ok: (rows: unknown[]) => unknown, fail: (e: unknown) => unknown) {
        log.push(`${where} ${mode}: ${text}`);
        return new Promise<unknown[]>((answer) => pending.push({ text, answer })).then(ok, fail);
      },
    };
    return q;
  };
  const unsafe = (where: string) => (text: string, _parameters?: unknown[], options?: { prepare?: boolean }) => {
    prepared.push([text, options?.prepare === true]);
    return query(where, text);
  };
  const tx = { unsafe: unsafe("tx") };
  const client = {
    options: { parsers: {}, serializers: {} },
    unsafe: unsafe("pool"),
    begin: async (fn: (tx: unknown) => Promise<unknown>) => {
      log.push("pool begin");
      const result = await fn(tx);
      log.push("pool commit");
      return result;
    },
    end: async () => log.push("end"),
  };
  return { client: client as unknown as postgres.Sql, log, pending, prepared };
}

const flush = () => new Promise<void>((r) => setImmediate(r));
/** Drizzle's queries are lazy too: they run when awaited, which this does without waiting. */
const start = <T>(query: PromiseLike<T>): Promise<T> => Promise.resolve(query);

describe("gatedClient under Drizzle", () => {
  it("a statement waits for a slot, and reaches postgres.js only once it has one", async () => {
    const fake = fakePostgres();
    const gate = new PoolGate({ active: 1, queueMax: 10, queueTimeoutMs: 1000 });
    const db = drizzle({ client: gatedClient(fake.client, gate) });
    const first = start(db.execute(sql`select 1`));
    const second = start(db.select({ id: tasks.id }).from(tasks));
    await flush();
    expect(fake.log).toEqual(["pool rows: select 1"]);
    expect([gate.active, gate.waiting]).toEqual([1, 1]);
    fake.pending.shift()!.answer([{ "?column?": 1 }]);
    await expect(first).resolves.toEqual([{ "?column?": 1 }]);
    await flush();
    // Drizzle's typed select asks for arrays (.values()): the wrapper passes that on.
    expect(fake.log).toEqual(["pool rows: select 1", 'pool values: select "id" from "tasks"']);
    fake.pending.shift()!.answer([["a"]]);
    await expect(second).resolves.toEqual([{ id: "a" }]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it("a transaction holds one slot from BEGIN to COMMIT; its statements are not gated again", async () => {
    const fake = fakePostgres();
    const gate = new PoolGate({ active: 1, queueMax: 10, queueTimeoutMs: 1000 });
    const db = drizzle({ client: gatedClient(fake.client, gate) });
    const transaction = start(db.transaction(async (tx) => {
      await tx.execute(sql`select 'in tx 1'`);
      await tx.execute(sql`select 'in tx 2'`);
      return "done";
    }));
    const outside = start(db.execute(sql`select 'outside'`));
    await flush();
    expect(fake.log).toEqual(["pool begin", "tx rows: select 'in tx 1'"]);
    expect([gate.active, gate.waiting]).toEqual([1, 1]);
    fake.pending.shift()!.answer([]);
    await flush();
    fake.pending.shift()!.answer([]);
    await expect(transaction).resolves.toBe("done");
    await flush();
    expect(fake.log).toEqual([
      "pool begin",
      "tx rows: select 'in tx 1'",
      "tx rows: select 'in tx 2'",
      "pool commit",
      "pool rows: select 'outside'",
    ]);
    fake.pending.shift()!.answer([]);
    await outside;
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it("a statement refused by the gate never reaches the database: its 503 means it did not run", async () => {
    const fake = fakePostgres();
    const gate = new PoolGate({ active: 1, queueMax: 0, queueTimeoutMs: 1000 });
    const db = drizzle({ client: gatedClient(fake.client, gate) });
    const running = start(db.execute(sql`select 'first'`));
    const refused = start(db.execute(sql`insert into tasks default values`));
    // Drizzle wraps driver errors; the gate's code stays reachable through `cause`.
    await expect(refused).rejects.toMatchObject({ cause: { code: "DB_QUEUE_FULL" } });
    fake.pending.shift()!.answer([]);
    await running;
    expect(fake.log).toEqual(["pool rows: select 'first'"]);
  });

  it("everything but unsafe and begin is the real client's", async () => {
    const fake = fakePostgres();
    const gated = gatedClient(fake.client, new PoolGate({ active: 1, queueMax: 0, queueTimeoutMs: 1 }));
    expect(gated.options).toBe(fake.client.options);
    await gated.end();
    expect(fake.log).toEqual(["end"]);
  });

  it("prepares every statement but those made inside unprepared(), in a transaction too, and not those beside them", async () => {
    const fake = fakePostgres();
    const db = drizzle({ client: gatedClient(fake.client, new PoolGate({ active: 5, queueMax: 10, queueTimeoutMs: 1000 })) });
    const inside = unprepared(async () => {
      await db.execute(sql`select 'inside'`);
      await db.transaction((tx) => tx.execute(sql`select 'inside a transaction'`));
    });
    const beside = start(db.execute(sql`select 'beside'`));
    for (let i = 0; i < 3; i++) {
      await flush();
      fake.pending.shift()!.answer([]);
    }
    await Promise.all([inside, beside]);
    const after = start(db.execute(sql`select 'after'`));
    await flush();
    fake.pending.shift()!.answer([]);
    await after;
    expect(fake.prepared).toEqual([
      ["select 'inside'", false],
      ["select 'beside'", true],
      ["select 'inside a transaction'", false],
      ["select 'after'", true],
    ]);
  });
});
