import type { SQL } from "drizzle-orm";
import type { Executor } from "./client";

// A statement whose SQL is built once per shape and then run with new values: Drizzle
// builds a query's text anew on every request, walking its whole tree of SQL chunks with
// `is()` checks, which for the list's LATERAL page was about 0.3 ms of CPU per request (a
// CPU profile, bench/RESULTS.md). Built with sql.placeholder() where the values go, the
// text is kept here, and each run only fills the placeholders in (Drizzle's own
// fillPlaceholders, encoders included) and sends it: the same statement text, so still
// one prepared statement per connection (db/gated-client.ts).
//
// Through Drizzle's session (the one db.execute uses): its dialect compiles the SQL and
// its prepareQuery makes the runnable query. Both are Drizzle's internals in 0.45, on
// postgres.js and PGlite alike; tests/integration/store.test.ts runs every compiled shape.

type Query = { sql: string; params: unknown[] };
type Runnable = { execute(values: Record<string, unknown>): Promise<unknown> };
type Internals = {
  dialect: { sqlToQuery(sql: SQL): Query };
  session: { prepareQuery(query: Query, fields: undefined, name: undefined, arrayMode: false): Runnable };
};

// Per database instance (a test may open several), per shape. The shapes are the callers'
// constants (lib/tasks/list.ts has at most 40 pages, 144 searches and
// one search scope), never a request's values.
const compiled = new WeakMap<object, Map<string, Runnable>>();

/** Raw rows ({ column: value }) of the statement `build` makes for `shape`, run with `values`. */
export function runCompiled(db: Executor, shape: string, build: () => SQL, values: Record<string, unknown>): Promise<unknown> {
  let byShape = compiled.get(db);
  if (!byShape) compiled.set(db, (byShape = new Map()));
  let runnable = byShape.get(shape);
  if (!runnable) {
    const { dialect, session } = db as unknown as Internals;
    runnable = session.prepareQuery(dialect.sqlToQuery(build()), undefined, undefined, false);
    byShape.set(shape, runnable);
  }
  return runnable.execute(values);
}
