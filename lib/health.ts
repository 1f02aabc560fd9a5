import { sql } from "drizzle-orm";
import { database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { errorChain } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";

const PING_TIMEOUT_MS = 2_000;

/**
 * One round trip to the database, bounded: readiness must answer even when it does not.
 * The bound covers the round trip only. The first request to a new instance also waits for
 * the migrations (database(): bounded by DB_CONNECT_TIMEOUT_MS on PostgreSQL, in-process on
 * PGlite, where a fresh folder takes a few seconds), so a fresh install is not reported
 * down while it is setting itself up.
 */
export async function pingDatabase(): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await database();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError("unavailable", "The database did not answer in time.")), PING_TIMEOUT_MS);
    });
    await Promise.race([db.execute(sql`select 1`), timeout]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    logger().warn(errorChain(error), "readiness check failed");
    throw new AppError("unavailable", "The database is not answering.");
  } finally {
    clearTimeout(timer);
  }
}
