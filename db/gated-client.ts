import type postgres from "postgres";
import type { PoolGate } from "./pool-gate";

// Drizzle's postgres.js session reaches the database through exactly two calls (see
// drizzle-orm/postgres-js/session.js): `client.unsafe(sql, params, opts)`, awaited as is
// or via `.values()`, for every statement, and `client.begin(fn)` for a transaction,
// whose statements then run on the transaction's own connection. Gating those two puts
// every query of the app (Better Auth's included: it shares the Drizzle instance) behind
// the PoolGate, a transaction holding its slot from BEGIN to COMMIT. Everything else
// (options, end, the parsers Drizzle installs) is the real client's, through the prototype.
// Not gated: postgres.js's own tagged template and reserve(), which the app does not use.

/** A postgres.js pending query that asks the gate for a slot only when it is awaited. */
class GatedQuery<T> implements PromiseLike<T> {
  #values = false;
  #result: Promise<T> | undefined;

  constructor(
    private readonly gate: PoolGate,
    private readonly start: () => postgres.PendingQuery<postgres.Row[]>,
  ) {}

  /** Rows as arrays, as postgres.js's `.values()`: Drizzle's typed selects ask for it. */
  values(): this {
    this.#values = true;
    return this;
  }

  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#result ??= this.gate.run(() => {
      const query = this.start();
      return (this.#values ? query.values() : query) as unknown as PromiseLike<T>;
    });
    return this.#result.then(onfulfilled, onrejected);
  }
}

export function gatedClient(sql: postgres.Sql, gate: PoolGate): postgres.Sql {
  const gated = Object.create(sql) as postgres.Sql;
  Object.assign(gated, {
    unsafe: (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
      new GatedQuery(gate, () => sql.unsafe(query, parameters, options)),
    begin: (...args: unknown[]) => gate.run(() => (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args)),
  });
  return gated;
}
