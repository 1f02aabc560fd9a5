// `npm run db:migrate`: applies db/migrations to DATABASE_URL (or the embedded database).
import { loadConfig } from "@/lib/config";
import { openDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const cfg = loadConfig();
const handle = openDatabase(cfg);
try {
  await migrateDatabase(handle, cfg);
  console.info(`[tasks] migrations applied to ${cfg.databaseUrl ? "PostgreSQL" : `PGlite in ${cfg.dataDir}`}`);
} finally {
  await handle.close();
}
