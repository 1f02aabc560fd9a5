import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import postgres from "postgres";
import type { DatabaseHandle } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import type { TestDatabase } from "./test-database";

// For the tests of a migration on a database that already holds data: migrate to the
// migration before it, write rows as the code of then would, then run the rest.

/** A copy of the committed migrations up to and including `tag`, as drizzle reads them (the journal lists which apply). */
export async function migrationsUpTo(tag: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "tasks-migrations-"));
  await cp(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalFile, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === tag);
  if (last < 0) throw new Error(`No migration ${tag} in the journal.`);
  journal.entries = journal.entries.slice(0, last + 1);
  await writeFile(journalFile, JSON.stringify(journal));
  return dir;
}

/** Applies the migrations in `migrationsFolder` (a migrationsUpTo copy) to the database. */
export async function migrateTo(handle: DatabaseHandle, db: TestDatabase, migrationsFolder: string): Promise<void> {
  if (handle.kind === "pglite") return migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  const client = postgres(db.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}
