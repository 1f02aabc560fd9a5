import { createHash } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import type { Quota } from "./headers";

/** At most `max` requests per `window` seconds for one key. */
export type Rule = { window: number; max: number };

export type Verdict = Quota & { allowed: boolean };

// Beyond this a key is stored as its hash: a btree entry must stay well under 2.7 kB, and
// a path in Better Auth's keys is whatever the client sent.
const MAX_PLAIN_KEY = 200;

function storedKey(key: string): string {
  return key.length <= MAX_PLAIN_KEY ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/**
 * Counts one request against `key` and says whether it is within `rule`: a fixed window
 * that starts with the first request after the previous one ended. One statement, on the
 * database's clock: concurrent requests on any number of instances each get their own
 * count (the upsert locks the row), so no burst slips past the limit.
 */
export async function consume(key: string, rule: Rule): Promise<Verdict> {
  const db = await database();
  const expired = sql`${rateLimits.expiresAt} <= now()`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key: storedKey(key), count: 1, expiresAt: sql`now() + ${rule.window}::integer * interval '1 second'` })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        // Refused requests stop counting at max + 1: the count says "over", nothing more.
        count: sql`case when ${expired} then 1 else least(${rateLimits.count} + 1, ${rule.max + 1}::integer) end`,
        expiresAt: sql`case when ${expired} then excluded.expires_at else ${rateLimits.expiresAt} end`,
      },
    })
    .returning({
      count: rateLimits.count,
      resetSeconds: sql<number>`ceil(extract(epoch from ${rateLimits.expiresAt} - now()))::integer`,
    });
  sometimesPurge();
  const { count, resetSeconds } = row!;
  // expires_at keeps milliseconds and now() has microseconds: clamp the rounding back into the window.
  const reset = Math.min(rule.window, Math.max(1, resetSeconds));
  return { allowed: count <= rule.max, limit: rule.max, remaining: rule.max - count, resetSeconds: reset };
}

/** Gives back one request counted against `key` in its current window (a sign-in that succeeded). */
export async function refund(key: string): Promise<void> {
  const db = await database();
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(sql`${eq(rateLimits.key, storedKey(key))} and ${rateLimits.expiresAt} > now()`);
}

// Ended windows are dropped now and then by the requests that write new ones, so the table
// stays the size of the current windows without a scheduler (serverless has none).
const PURGE_EVERY = 100;

function sometimesPurge() {
  if (Math.random() * PURGE_EVERY >= 1) return;
  purgeExpiredRateLimits().catch((error) => console.error("[tasks] rate-limit purge failed:", error));
}

/** Deletes the rows whose window has ended; returns how many. */
export async function purgeExpiredRateLimits(): Promise<number> {
  const db = await database();
  const rows = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, sql`now()`)).returning({ key: rateLimits.key });
  return rows.length;
}
