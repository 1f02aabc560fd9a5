import { AsyncLocalStorage } from "node:async_hooks";
import type postgres from "postgres";
import { observePool } from "@/lib/observability/metrics";
import { observeQuery } from "@/lib/observability/query-timing";
import { statementName, TRANSACTION } from "@/lib/observability/statement-name";
import type { PoolGate } from "./pool-gate";

// Drizzle's postgres.js session reaches the database through exactly two calls (see
// drizzle-orm/postgres-js/session.js): `client.unsafe(sql, params, opts)`, awaited as is
// or via `.values()`, for every statement, and `client.begin(fn)` for a transaction,
// whose statements then run on the transaction's own connection. Gating those two puts
// every query of the app (Better Auth's included: it shares the Drizzle instance) behind
// the PoolGate, a transaction holding its slot from BEGIN to COMMIT. Everything else
// (options, end, the parsers Drizzle installs) is the real client's, through the prototype.
// Not gated: postgres.js's own tagged template and reserve(), which the app does not use.
//
// The same two calls time every statement (lib/observability/query-timing.ts): from the
// moment it has a connection to its result, so a wait for the pool is not counted as a
// slow query (db_pool_waiting shows those). A transaction is timed as a whole, and each
// of its statements on its own; statements inside a savepoint are not.

/** Runs `work` and reports its duration under the name of `sql`, however it settles. */
async function timed<T>(sql: string | null, work: () => PromiseLike<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    observeQuery(sql === null ? TRANSACTION : statementName(sql), performance.now() - start);
  }
}

/**
 * A postgres.js pending query that runs (timed, and on the pool: after asking the gate
 * for a slot) only when it is awaited.
 */
class GatedQuery<T> implements PromiseLike<T> {
  #values = false;
  #result: Promise<T> | undefined;

  constructor(
    private readonly gate: PoolGate | undefined,
    private readonly sql: string,
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
    this.#result ??= this.gate ? this.gate.run(() => this.run()) : this.run();
    return this.#result.then(onfulfilled, onrejected);
  }

  private run(): Promise<T> {
    return timed(this.sql, () => {
      const query = this.start();
      return (this.#values ? query.values() : query) as unknown as PromiseLike<T>;
    });
  }
}

// Statements made inside unprepared() (and only those: the scope follows the async calls
// made from it, not whatever runs beside them).
const unpreparedScope = new AsyncLocalStorage<true>();

/**
 * Runs `work` with every statement it makes sent unnamed: parsed and planned for its own
 * parameters each time, in two round trips, and kept by no connection. For statements whose
 * text varies with the input (a connection keeps each prepared text for its whole life) or
 * that a generic plan would serve badly (lib/tasks/list.ts says which). A no-op on PGlite,
 * which prepares nothing.
 */
export function unprepared<T>(work: () => PromiseLike<T>): Promise<T> {
  return unpreparedScope.run(true, async () => await work());
}

type Unsafe = (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => unknown;

/** `sql` with its unsafe() going through GatedQuery (the gate, when given, and the timer). */
function wrapUnsafe<S extends { unsafe: Unsafe }>(sql: S, gate: PoolGate | undefined): S {
  const wrapped = Object.create(sql) as S;
  // A named prepared statement: Drizzle asks for `prepare: false` unless a query was built
  // with .prepare(name), and postgres.js then sends every parameterised query as
  // Parse+Describe, waits, then Bind+Execute: two round trips and a fresh plan each time.
  // Prepared, a statement is parsed once per connection, then one round trip; postgres.js
  // keeps it, by its text, until the connection closes.
  wrapped.unsafe = ((query, parameters, options) => {
    const prepare = unpreparedScope.getStore() === undefined;
    return new GatedQuery(gate, query, () => sql.unsafe(query, parameters, { ...options, prepare }) as postgres.PendingQuery<postgres.Row[]>);
  }) as Unsafe;
  return wrapped;
}

export function gatedClient(sql: postgres.Sql, gate: PoolGate): postgres.Sql {
  observePool(gate);
  const gated = wrapUnsafe(sql, gate);
  gated.begin = ((...args: unknown[]) => {
    // begin(fn) or begin(options, fn): fn gets the transaction's own client, whose
    // statements are timed but not gated again (the transaction holds its slot).
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
    const begin = sql.begin as (...a: unknown[]) => Promise<unknown>;
    return gate.run(() => timed(null, () => begin(...args, (tx: postgres.TransactionSql) => fn(wrapUnsafe(tx, undefined)))));
  }) as postgres.Sql["begin"];
  return gated;
}
