import { PGlite } from "@electric-sql/pglite";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { config } from "@/lib/config";
import { migrateDatabase } from "./migrate";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database or a transaction on it: data-layer functions run on either. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseHandle = {
  kind: "postgres" | "pglite";
  db: Database;
  close(): Promise<void>;
};

export type DatabaseTarget = { databaseUrl?: string | undefined; dataDir: string };

/** The rows of a raw `db.execute`: postgres.js answers an array, PGlite an object holding it. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// The seed's pool: 5 steady connections plus 10 of overflow, recycled after an hour.
// postgres.js has one `max`; idle connections beyond the steady load close after a minute.
const POOL = { max: 15, idle_timeout: 60, max_lifetime: 60 * 60, connect_timeout: 10 } as const;

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.databaseUrl) {
    const client = postgres(target.databaseUrl, { ...POOL, onnotice: () => {} });
    return {
      kind: "postgres",
      db: drizzlePostgres(client, { schema }) as unknown as Database,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const folder = path.join(target.dataDir, "pglite");
  mkdirSync(folder, { recursive: true });
  // unaccent backs full-text search (migration 0001); PostgreSQL ships it as a contrib module.
  const client = new PGlite(folder, { extensions: { unaccent } });
  return {
    kind: "pglite",
    db: drizzlePglite(client, { schema }) as unknown as Database,
    close: () => client.close(),
  };
}

// One client per process, created on first use (never at import, so `next build` stays
// offline) and kept on globalThis so that dev hot reload does not open a second PGlite
// on the same folder or a second pool.
const globalForDb = globalThis as unknown as {
  tasksDb?: { handle: DatabaseHandle; ready: Promise<Database> };
};

function instance() {
  if (!globalForDb.tasksDb) {
    const cfg = config();
    const handle = openDatabase(cfg);
    const ready = migrateDatabase(handle, cfg).then(() => handle.db);
    // A failed migration must not be cached forever: the next request tries again.
    ready.catch(() => {
      if (globalForDb.tasksDb?.handle === handle) delete globalForDb.tasksDb;
      void handle.close().catch(() => {});
    });
    globalForDb.tasksDb = { handle, ready };
  }
  return globalForDb.tasksDb;
}

/** The database, migrated. Every data-layer function starts here. */
export function database(): Promise<Database> {
  return instance().ready;
}

/** The same client, unmigrated, for Better Auth's adapter, which needs it synchronously. */
export function rawDatabase(): Database {
  return instance().handle.db;
}

/** Closes the client; the next database() call opens a fresh one (tests, shutdown). */
export async function closeDatabase(): Promise<void> {
  const current = globalForDb.tasksDb;
  delete globalForDb.tasksDb;
  await current?.handle.close();
}
