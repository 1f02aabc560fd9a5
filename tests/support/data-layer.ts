import { closeDatabase, database } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "./test-database";

/**
 * Points this test file's data layer (lib/tasks/store.ts) at a clean database of its own.
 * The process-wide config and client live on globalThis; they are replaced here.
 */
export async function useCleanDatabase(): Promise<{ db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase();
  await closeDatabase();
  const g = globalThis as { tasksConfig?: unknown };
  delete g.tasksConfig;
  process.env.DATA_DIR = db.dataDir;
  process.env.DATABASE_URL = db.databaseUrl ?? "";
  process.env.BETTER_AUTH_SECRET = "data-layer-tests-do-not-sign-anything-0123";
  await database(); // migrates
  return {
    db,
    async close() {
      await closeDatabase();
      await db.drop();
    },
  };
}

export async function insertUser(id: string): Promise<string> {
  const db = await database();
  await db.insert(users).values({ id, email: `${id}@example.com`, name: id });
  return id;
}
