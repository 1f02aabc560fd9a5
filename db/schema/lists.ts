import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";

// Lists (projects) and who may reach them. Every task is in exactly one list; every
// account has an Inbox (created by the trigger of migration 0008 in the same statement as
// the account itself, so no account is ever without one). tasks.user_id stays the list's
// owner: the seed's "owner of the task".

export const LIST_ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type ListRole = (typeof LIST_ROLES)[number];
/** What an invitation may offer: every role but owner (ownership is transferred, never invited). */
export const INVITABLE_ROLES = ["admin", "editor", "viewer"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

const ms = { withTimezone: true, precision: 3 } as const;

/**
 * The transaction that wrote a row, as a number: the change feed's position
 * (lib/tasks/changes.ts). Transaction ids do not follow commit order, but every id below a
 * snapshot's xmin belongs to a transaction that had ended when the snapshot was taken, so
 * "everything at or above the xmin I last synced at" never misses a commit.
 */
export const CURRENT_TXID = sql`(pg_current_xact_id()::text::bigint)`;

export const lists = pgTable(
  "lists",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    ownerId: varchar("owner_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // #rrggbb, lower case, or none.
    color: varchar("color", { length: 7 }),
    inbox: boolean("is_inbox").notNull().default(false),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", ms).notNull().defaultNow(),
    // The list's ETag: bumped by every change of its name or colour.
    revision: bigint("revision", { mode: "number" }).notNull().default(1),
  },
  (t) => [
    index("idx_lists_owner").on(t.ownerId),
    uniqueIndex("idx_lists_one_inbox").on(t.ownerId).where(sql`${t.inbox}`),
    check("lists_name_length_check", sql`char_length(${t.name}) between 1 and 100`),
    check("lists_color_check", sql`${t.color} is null or ${t.color} ~ '^#[0-9a-f]{6}$'`),
  ],
);

/**
 * Who may reach a list, and how far: one row per member, the owner included (role
 * "owner", exactly one per list). Read on every request: a removed member's next request
 * finds no row, whatever its token says.
 */
export const listMembers = pgTable(
  "list_members",
  {
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: varchar("role", { length: 10 }).$type<ListRole>().notNull(),
    // "The longest-standing admin" inherits a deleted owner's list.
    joinedAt: timestamp("joined_at", ms).notNull().defaultNow(),
    // Where the membership entered the change feed: a member who joined after a client's
    // sync position gets the whole list on its next sync.
    joinedTxid: bigint("joined_txid", { mode: "number" }).notNull().default(CURRENT_TXID),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.userId] }),
    // "The caller's lists": every request that reaches a task goes through it.
    index("idx_list_members_user").on(t.userId, t.listId),
    uniqueIndex("idx_list_members_one_owner").on(t.listId).where(sql`${t.role} = 'owner'`),
    check("list_members_role_check", sql`${t.role} in ('owner', 'admin', 'editor', 'viewer')`),
  ],
);

/** A pending invitation: answered ones (accepted, declined, cancelled) are deleted. */
export const listInvitations = pgTable(
  "list_invitations",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    listId: varchar("list_id", { length: 255 })
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    // Lower case: matched against the invitee's account email, lower-cased too.
    email: varchar("email", { length: 255 }).notNull(),
    role: varchar("role", { length: 10 }).$type<InvitableRole>().notNull(),
    invitedBy: varchar("invited_by", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", ms).notNull(),
  },
  (t) => [
    // One pending invitation per address and list: inviting again renews it.
    uniqueIndex("idx_list_invitations_list_email").on(t.listId, t.email),
    index("idx_list_invitations_email").on(t.email),
    check("list_invitations_role_check", sql`${t.role} in ('admin', 'editor', 'viewer')`),
  ],
);

/**
 * A list someone could see and no longer can (left, removed, the list deleted): the change
 * feed tells their next sync to drop its tasks. No foreign key to lists, since a deleted
 * list must still be reported. owner_id is the list's owner when it happened, whose
 * tombstone horizon says whether the report can still be complete.
 */
export const listDepartures = pgTable(
  "list_departures",
  {
    userId: varchar("user_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 }).notNull(),
    ownerId: varchar("owner_id", { length: 255 }).notNull(),
    txid: bigint("txid", { mode: "number" }).notNull().default(CURRENT_TXID),
    departedAt: timestamp("departed_at", ms).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.listId] }), index("idx_list_departures_user_txid").on(t.userId, t.txid)],
);

export type List = typeof lists.$inferSelect;
export type ListMember = typeof listMembers.$inferSelect;
export type ListInvitation = typeof listInvitations.$inferSelect;
