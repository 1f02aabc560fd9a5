import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { config, DATABASE_LIMITS } from "@/lib/config";
import { processSingleton, resetProcessSingleton } from "@/lib/singleton";
import { gatedClient } from "./gated-client";
import { migrateDatabase } from "./migrate";
import { PoolGate } from "./pool-gate";
import * as schema from "./schema";
import { closeOnShutdown } from "./shutdown";
import { readTimestampsExactlyOnPglite, readTimestampsExactlyOnPostgres } from "./timestamps";
import type { Database, DatabaseHandle, DatabaseTarget } from "./types";

export type { Database, DatabaseHandle, DatabaseTarget, Executor } from "./types";

/** The rows of a raw `db.execute`: postgres.js answers an array, PGlite an object holding it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// The pool: up to DB_POOL_MAX connections, opened as queries need them. postgres.js keeps
// no minimum: a connection idle for a minute closes (so an idle instance holds none, which
// spares the server's max_connections), and each is replaced after an hour.
const IDLE_TIMEOUT_S = 60;
const MAX_LIFETIME_S = 60 * 60;

// After a failed connection attempt postgres.js waits before the next one on that
// connection, (0.5-1) x min(3^n / 100, 20) s after n failures in a row: after a minute of
// outage a query handed to a closed connection would sit up to 20 s before it even tried,
// and the app would notice the database was back as late. The same curve, capped at 1 s.
const reconnectDelaySeconds = (failures: number) => (0.5 + Math.random() / 2) * Math.min(3 ** failures / 100, 1);

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.databaseUrl) {
    const limits = target.database ?? DATABASE_LIMITS;
    const client = postgres(target.databaseUrl, {
      max: limits.poolMax,
      idle_timeout: IDLE_TIMEOUT_S,
      max_lifetime: MAX_LIFETIME_S,
      connect_timeout: limits.connectTimeoutMs / 1000,
      backoff: reconnectDelaySeconds,
      // Sent in the startup packet, so they hold for every statement on every connection.
      // A transaction left open (a stalled request, a paused process) would keep its row
      // locks, and every write of that user would queue behind it: it is ended as late as
      // a statement would be.
      connection: {
        statement_timeout: limits.statementTimeoutMs,
        idle_in_transaction_session_timeout: limits.statementTimeoutMs,
      },
      onnotice: () => {},
    });
    const gate = new PoolGate({ active: limits.poolMax, queueMax: limits.queueMax, queueTimeoutMs: limits.queueTimeoutMs });
    const db = drizzlePostgres({ client: gatedClient(client, gate), schema }) as unknown as Database;
    // After drizzle(), which installs parsers of its own for these types (db/timestamps.ts).
    readTimestampsExactlyOnPostgres(client);
    return { kind: "postgres", db, close: () => client.end({ timeout: 5 }) };
  }
  const folder = path.join(target.dataDir, "pglite");
  mkdirSync(folder, { recursive: true });
  // unaccent backs full-text search (migration 0001); PostgreSQL ships it as a contrib module.
  const client = new PGlite(folder, { extensions: { unaccent } });
  return {
    kind: "pglite",
    db: drizzlePglite(readTimestampsExactlyOnPglite(client), { schema }) as unknown as Database,
    close: () => client.close(),
  };
}

// One client per process, created on first use (never at import, so `next build` stays
// offline) and kept process-wide (lib/singleton.ts) so that dev hot reload does not open
// a second PGlite on the same folder or a second pool.
type Instance = { handle: DatabaseHandle; ready: Promise<Database>; migrated: boolean };

function instance(): Instance {
  return processSingleton("database", openInstance);
}

function openInstance(): Instance {
  const cfg = config();
  const handle = openDatabase(cfg);
  const ready = migrateDatabase(handle, cfg).then(() => handle.db);
  const entry: Instance = { handle, ready, migrated: false };
  ready.then(
    () => {
      entry.migrated = true;
    },
    // A failed migration must not be cached forever: the next request tries again.
    () => {
      resetProcessSingleton("database", entry);
      void handle.close().catch(() => {});
    },
  );
  // On SIGTERM, once `next start` has finished the requests in flight (db/shutdown.ts).
  closeOnShutdown(closeDatabase);
  return entry;
}

/**
 * The database, migrated. Every data-layer function starts here. On PostgreSQL a caller
 * waits for the first-use migrations at most DB_CONNECT_TIMEOUT_MS: a database that
 * accepts connections and never answers, or a migration stuck behind another instance's
 * lock, is then a 503 (DB_NOT_READY) rather than a hang. The migration itself goes on,
 * and later callers wait for the same one.
 */
export function database(): Promise<Database> {
  const { handle, ready, migrated } = instance();
  if (migrated || handle.kind === "pglite") return ready;
  return withinDeadline(ready, config().database.connectTimeoutMs);
}

/**
 * Resolves once the migrations have run (with database()'s deadline), for code that reaches
 * the database through Better Auth: its adapter holds the unmigrated client (rawDatabase)
 * and queries it at once, so a fresh database must be migrated before any auth call.
 */
export async function migrated(): Promise<void> {
  await database();
}

export class DatabaseNotReadyError extends Error {
  override name = "DatabaseNotReadyError";
  readonly code = "DB_NOT_READY";
}

function withinDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseNotReadyError(`the migrations did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The same client, unmigrated, for Better Auth's adapter, which needs it synchronously. */
export function rawDatabase(): Database {
  return instance().handle.db;
}

/** Closes the client; the next database() call opens a fresh one (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  const current = resetProcessSingleton<Instance>("database");
  await current?.handle.close();
}
