import { eq, lt, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { errorFields } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import { type CounterStore, storedKey, verdictOf } from "./counters";

// The default store: the rate_limits table, shared by every instance on the same database.

export const databaseCounters: CounterStore = {
  /**
   * One statement, on the database's clock: the upsert locks the key's row, so concurrent
   * requests each get their own count and no burst slips past the limit.
   */
  async consume(key, rule) {
    const db = await database();
    const expired = sql`${rateLimits.expiresAt} <= now()`;
    const [row] = await db
      .insert(rateLimits)
      .values({ key: storedKey(key), count: 1, expiresAt: sql`now() + ${rule.window}::integer * interval '1 second'` })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: {
          count: sql`case when ${expired} then 1 else least(${rateLimits.count} + 1, ${rule.max + 1}::integer) end`,
          expiresAt: sql`case when ${expired} then excluded.expires_at else ${rateLimits.expiresAt} end`,
        },
      })
      .returning({
        count: rateLimits.count,
        resetSeconds: sql<number>`ceil(extract(epoch from ${rateLimits.expiresAt} - now()))::integer`,
      });
    sometimesPurge();
    return verdictOf(row!.count, rule, row!.resetSeconds);
  },

  async refund(key) {
    const db = await database();
    await db
      .update(rateLimits)
      .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
      .where(sql`${eq(rateLimits.key, storedKey(key))} and ${rateLimits.expiresAt} > now()`);
  },
};

// Ended windows are dropped now and then by the requests that write new ones, so the table
// stays the size of the current windows without a scheduler (serverless has none).
const PURGE_EVERY = 100;

function sometimesPurge() {
  if (Math.random() * PURGE_EVERY >= 1) return;
  purgeExpiredRateLimits().catch((error) => logger().error(errorFields(error), "rate-limit purge failed"));
}

/** Deletes the rows whose window has ended; returns how many. */
export async function purgeExpiredRateLimits(): Promise<number> {
  const db = await database();
  const rows = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, sql`now()`)).returning({ key: rateLimits.key });
  return rows.length;
}
