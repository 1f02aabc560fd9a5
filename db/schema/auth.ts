import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";

// Better Auth's models. Keys are Better Auth's field names (camelCase); columns are snake_case.
// The users table is the seed's contract (data-model.md) plus the two columns Better Auth needs.

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
};

// The bounds behind lib/auth-user-rules.ts and lib/http/auth-request-guard.ts, held by the
// database too (migration 0007): Better Auth writes these columns from what clients send.
export const users = pgTable(
  "users",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    email: varchar("email", { length: 255 }).notNull().unique(),
    name: varchar("name", { length: 255 }).notNull(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    ...timestamps,
  },
  // An https URL of printable ASCII, at most 2048 characters (MAX_IMAGE_URL_LENGTH).
  (t) => [check("users_image_check", sql`${t.image} is null or (char_length(${t.image}) <= 2048 and ${t.image} ~ '^https://[!-~]+$')`)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    token: varchar("token", { length: 255 }).notNull().unique(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    ...timestamps,
  },
  (t) => [
    index("idx_sessions_user_id").on(t.userId),
    // An IPv6 address in full is 45 characters; the User-Agent is cut to 512 (MAX_USER_AGENT_LENGTH).
    check("sessions_ip_address_length_check", sql`char_length(${t.ipAddress}) <= 64`),
    check("sessions_user_agent_length_check", sql`char_length(${t.userAgent}) <= 512`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true, precision: 3 }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true, precision: 3 }),
    scope: text("scope"),
    password: text("password"),
    ...timestamps,
  },
  (t) => [index("idx_accounts_user_id").on(t.userId)],
);

export const verifications = pgTable(
  "verifications",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    ...timestamps,
  },
  (t) => [index("idx_verifications_identifier").on(t.identifier)],
);

// The JWT plugin's signing keys; private keys are encrypted with BETTER_AUTH_SECRET.
export const jwks = pgTable("jwks", {
  id: varchar("id", { length: 255 }).primaryKey(),
  publicKey: text("public_key").notNull(),
  privateKey: text("private_key").notNull(),
  alg: text("alg"),
  crv: text("crv"),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
});

export type User = typeof users.$inferSelect;
