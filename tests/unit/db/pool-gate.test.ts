import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DatabaseBusyError, PoolGate } from "@/db/pool-gate";

/** A piece of work the test finishes by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** How a promise settled, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { status: "pending" | "fulfilled" | "rejected"; error?: unknown } = { status: "pending" };
  promise.then(
    () => (state.status = "fulfilled"),
    (error) => Object.assign(state, { status: "rejected", error }),
  );
  return state;
}

const flush = () => new Promise<void>((r) => setImmediate(r));

describe("PoolGate", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets `active` units in at once, synchronously, and no more", () => {
    const gate = new PoolGate({ active: 2, queueMax: 10, queueTimeoutMs: 1000 });
    expect([gate.tryEnter(), gate.tryEnter(), gate.tryEnter()]).toEqual([true, true, false]);
    expect([gate.active, gate.waiting]).toEqual([2, 0]);
    gate.leave();
    expect([gate.active, gate.tryEnter(), gate.active]).toEqual([1, true, 2]);
  });

  it("serves waiters first come, first served, each leave handing its slot to the next", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 10, queueTimeoutMs: 1000 });
    const order: string[] = [];
    const first = deferred();
    const running = gate.run(() => first.promise.then(() => order.push("first")));
    const later = ["a", "b", "c"].map((name) => gate.run(async () => order.push(name)));
    await flush();
    expect([gate.active, gate.waiting]).toEqual([1, 3]);
    // A newcomer cannot overtake the queue while it is not empty.
    expect(gate.tryEnter()).toBe(false);
    first.resolve();
    await Promise.all([running, ...later]);
    expect(order).toEqual(["first", "a", "b", "c"]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it("refuses at once with DB_QUEUE_FULL when queueMax are already waiting", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 2, queueTimeoutMs: 1000 });
    gate.tryEnter();
    const waiting = [track(gate.enter()), track(gate.enter())];
    const refused = track(gate.enter());
    await flush();
    expect(refused.error).toBeInstanceOf(DatabaseBusyError);
    expect(refused.error).toMatchObject({
      code: "DB_QUEUE_FULL",
      message: "2 queries are already waiting for a database connection",
    });
    expect(waiting.map((w) => w.status)).toEqual(["pending", "pending"]);
    expect(gate.waiting).toBe(2);
  });

  it("queueMax 0: nobody waits, a busy pool refuses at once", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 0, queueTimeoutMs: 1000 });
    gate.tryEnter();
    await expect(gate.enter()).rejects.toMatchObject({ code: "DB_QUEUE_FULL" });
  });

  it("gives up on a waiter after queueTimeoutMs with DB_QUEUE_TIMEOUT, and forgets it", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 5, queueTimeoutMs: 2000 });
    gate.tryEnter();
    const early = track(gate.enter());
    vi.advanceTimersByTime(1000);
    const late = track(gate.enter());
    vi.advanceTimersByTime(999);
    await flush();
    expect([early.status, late.status]).toEqual(["pending", "pending"]);
    vi.advanceTimersByTime(1);
    await flush();
    expect(early.error).toMatchObject({ code: "DB_QUEUE_TIMEOUT", message: "no database connection came free within 2000 ms" });
    expect(late.status).toBe("pending");
    expect(gate.waiting).toBe(1);
    // The slot goes to the waiter still there, not to the one that gave up.
    gate.leave();
    await flush();
    expect(late.status).toBe("fulfilled");
    expect([gate.active, gate.waiting]).toEqual([1, 0]);
  });

  it("a waiter served in time has its timer cleared: no late rejection", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 5, queueTimeoutMs: 100 });
    gate.tryEnter();
    const waiter = track(gate.enter());
    gate.leave();
    vi.advanceTimersByTime(1000);
    await flush();
    expect(waiter.status).toBe("fulfilled");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("run() gives the slot back however the work ends: value, rejection, synchronous throw", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 5, queueTimeoutMs: 100 });
    await expect(gate.run(async () => 42)).resolves.toBe(42);
    await expect(gate.run(() => Promise.reject(new Error("57P01")))).rejects.toThrow("57P01");
    await expect(
      gate.run(() => {
        throw new Error("thrown before a promise");
      }),
    ).rejects.toThrow("thrown before a promise");
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });

  it("run() never starts work that was refused or timed out", async () => {
    const gate = new PoolGate({ active: 1, queueMax: 1, queueTimeoutMs: 100 });
    const hold = deferred();
    const started: string[] = [];
    const holding = gate.run(() => hold.promise);
    const timedOut = gate.run(async () => started.push("timed out"));
    const refused = gate.run(async () => started.push("refused"));
    await expect(refused).rejects.toMatchObject({ code: "DB_QUEUE_FULL" });
    vi.advanceTimersByTime(100);
    await expect(timedOut).rejects.toMatchObject({ code: "DB_QUEUE_TIMEOUT" });
    hold.resolve();
    await holding;
    expect(started).toEqual([]);
    expect([gate.active, gate.waiting]).toEqual([0, 0]);
  });
});

// Random schedules of work arriving, finishing, failing and timing out: the bounds hold
// at every step, every unit settles, and nothing leaks.
describe("PoolGate under random schedules", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const step = fc.oneof(
    fc.record({ kind: fc.constant("arrive" as const), fails: fc.boolean() }),
    fc.record({ kind: fc.constant("finish" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 1, max: 60 }) }),
  );

  it("never runs more than `active`, never queues more than queueMax, starts in arrival order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(step, { maxLength: 60 }),
        async (active, queueMax, steps) => {
          const gate = new PoolGate({ active, queueMax, queueTimeoutMs: 100 });
          const running: { id: number; done: ReturnType<typeof deferred<void>> }[] = [];
          const started: number[] = [];
          const outcomes: Promise<unknown>[] = [];
          let peak = 0;
          let next = 0;
          for (const s of steps) {
            if (s.kind === "arrive") {
              const id = next++;
              outcomes.push(
                gate
                  .run(() => {
                    started.push(id);
                    if (s.fails) return Promise.reject(new Error("work failed"));
                    const done = deferred<void>();
                    running.push({ id, done });
                    peak = Math.max(peak, running.length);
                    return done.promise;
                  })
                  .catch((error: unknown) => {
                    // The only refusals are the gate's; the work's own failures pass through.
                    if (!(error instanceof DatabaseBusyError) && (error as Error).message !== "work failed") throw error;
                  }),
              );
            } else if (s.kind === "finish" && running.length > 0) {
              const [unit] = running.splice(s.pick % running.length, 1);
              unit!.done.resolve();
            } else if (s.kind === "tick") {
              vi.advanceTimersByTime(s.ms);
            }
            await flush();
            expect(gate.active).toBeLessThanOrEqual(active);
            expect(gate.waiting).toBeLessThanOrEqual(queueMax);
            expect(gate.active).toBe(running.length);
          }
          // Drain: finish everything still running or waiting.
          while (running.length > 0 || gate.waiting > 0) {
            running.splice(0).forEach((unit) => unit.done.resolve());
            await flush();
          }
          await Promise.all(outcomes);
          expect(peak).toBeLessThanOrEqual(active);
          expect(started).toEqual([...started].sort((a, b) => a - b));
          expect([gate.active, gate.waiting, vi.getTimerCount()]).toEqual([0, 0, 0]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
