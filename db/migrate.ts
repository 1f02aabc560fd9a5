import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import path from "node:path";
import postgres from "postgres";
import type { DatabaseHandle, DatabaseTarget } from "./types";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Any constant works; it names "the Tasks migration" among the advisory locks of the cluster.
const MIGRATION_LOCK_KEY = 727_101_007;

/**
 * Applies the committed migrations. On PostgreSQL it runs on a connection of its own,
 * under an advisory lock, so two instances starting together migrate one after the other.
 */
export async function migrateDatabase(handle: DatabaseHandle, target: DatabaseTarget): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const sql = postgres(target.databaseUrl!, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migratePostgres(drizzlePostgres(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
