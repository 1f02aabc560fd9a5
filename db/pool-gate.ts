// postgres.js never refuses work: with every connection busy it pipelines queries behind
// running ones and then queues them without limit or timeout, so an overloaded or stuck
// database turns into requests that hang and memory that grows. The gate sits in front
// of the pool: at most `active` units of work (a query, or a whole transaction) run at
// once, one per connection; at most `queueMax` wait, first come first served, and none
// longer than `queueTimeoutMs`. Past either bound the caller gets a DatabaseBusyError at
// once (lib/http/to-app-error.ts makes it a 503 with Retry-After).

export type GateLimits = { active: number; queueMax: number; queueTimeoutMs: number };

export type DatabaseBusyCode = "DB_QUEUE_FULL" | "DB_QUEUE_TIMEOUT";

export class DatabaseBusyError extends Error {
  override name = "DatabaseBusyError";
  constructor(
    readonly code: DatabaseBusyCode,
    message: string,
  ) {
    super(message);
  }
}

type Waiter = { resolve(): void; timer: NodeJS.Timeout };

export class PoolGate {
  #active = 0;
  // A Set keeps insertion order and deletes in O(1): FIFO, and a timed-out waiter leaves
  // from the middle without a scan.
  readonly #waiting = new Set<Waiter>();

  constructor(readonly limits: GateLimits) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.size;
  }

  /** Takes a slot if one is free right now: the fast path, with no promise and no timer. */
  tryEnter(): boolean {
    if (this.#active >= this.limits.active) return false;
    this.#active++;
    return true;
  }

  /** Waits for a slot; rejects at once when the queue is full, or after the timeout. */
  enter(): Promise<void> {
    if (this.tryEnter()) return Promise.resolve();
    if (this.#waiting.size >= this.limits.queueMax) {
      return Promise.reject(
        new DatabaseBusyError("DB_QUEUE_FULL", `${this.#waiting.size} queries are already waiting for a database connection`),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          this.#waiting.delete(waiter);
          reject(new DatabaseBusyError("DB_QUEUE_TIMEOUT", `no database connection came free within ${this.limits.queueTimeoutMs} ms`));
        }, this.limits.queueTimeoutMs),
      };
      this.#waiting.add(waiter);
    });
  }

  /** Gives the slot back: straight to the longest waiter, so nobody can overtake the queue. */
  leave(): void {
    for (const next of this.#waiting) {
      this.#waiting.delete(next);
      clearTimeout(next.timer);
      next.resolve();
      return;
    }
    this.#active--;
  }

  /** Runs `work` in a slot and gives the slot back when it settles, however it settles. */
  async run<T>(work: () => PromiseLike<T>): Promise<T> {
    if (!this.tryEnter()) await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }
}
