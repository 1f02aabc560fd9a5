import { closeDatabase, database } from "@/db/client";
import { users } from "@/db/schema";
import { resetProcessSingleton } from "@/lib/singleton";
import { createTestDatabase, type DatabaseLocale, type TestDatabase } from "./test-database";

// The server the test databases are made on; useCleanDatabase points DATABASE_URL at its
// own database, and close() points it back, so that another clean database can follow.
const SERVER_URL = process.env.DATABASE_URL;

/**
 * Points this test file's data layer (lib/tasks/store.ts) at a clean database of its own.
 * The process-wide config and client (lib/singleton.ts) are replaced here.
 */
export async function useCleanDatabase(locale?: DatabaseLocale): Promise<{ db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase(locale);
  await closeDatabase();
  resetProcessSingleton("config");
  process.env.DATA_DIR = db.dataDir;
  process.env.DATABASE_URL = db.databaseUrl ?? "";
  process.env.BETTER_AUTH_SECRET = "data-layer-tests-do-not-sign-anything-0123";
  await database(); // migrates
  return {
    db,
    async close() {
      await closeDatabase();
      await db.drop();
      if (SERVER_URL === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = SERVER_URL;
    },
  };
}

export async function insertUser(id: string): Promise<string> {
  const db = await database();
  await db.insert(users).values({ id, email: `${id}@example.com`, name: id });
  return id;
}
