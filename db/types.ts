import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DatabaseLimits } from "@/lib/config";
import type * as schema from "./schema";

// The database's types, apart from the client that makes it (client.ts) so that what the
// client uses (migrate.ts) can name them without importing the client back.

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database or a transaction on it: data-layer functions run on either. */
export type Executor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseHandle = {
  kind: "postgres" | "pglite";
  db: Database;
  close(): Promise<void>;
};

/** Where the database is; `database` bounds the waits on PostgreSQL (defaults: DATABASE_LIMITS). */
export type DatabaseTarget = { databaseUrl?: string | undefined; dataDir: string; database?: DatabaseLimits };

