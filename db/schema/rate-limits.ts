import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Counters of the limiters that must hold across instances (lib/rate-limit/store.ts):
 * Better Auth's per-IP limits on /api/auth and the per-account sign-in limit. One row per
 * key and fixed window; a row whose window has ended counts as absent and is purged now
 * and then (idx_rate_limits_expires_at).
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    // "<ip>|<path>" for Better Auth's limiter, "sign-in:<hash of the email>" per account;
    // a key that would not fit an index entry is stored hashed.
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("idx_rate_limits_expires_at").on(t.expiresAt)],
);
