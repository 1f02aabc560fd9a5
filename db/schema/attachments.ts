import { sql } from "drizzle-orm";
import { bigint, check, customType, index, integer, pgTable, primaryKey, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { tasks } from "./tasks";

const ms = { withTimezone: true, precision: 3 } as const;

export const STORAGES = ["postgres", "s3"] as const;
export type Storage = (typeof STORAGES)[number];

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * A file attached to a task: its metadata here, its bytes in the store it names
 * (attachment_chunks in PostgreSQL, or an S3-compatible bucket under storage_key).
 * owner_id is the task's list owner, whose storage quota it counts against.
 */
export const attachments = pgTable(
  "attachments",
  {
    id: varchar("id", { length: 255 }).primaryKey(),
    taskId: varchar("task_id", { length: 255 })
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    listId: varchar("list_id", { length: 255 }).notNull(),
    ownerId: varchar("owner_id", { length: 255 })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    uploadedBy: varchar("uploaded_by", { length: 255 }).references(() => users.id, { onDelete: "set null" }),
    fileName: varchar("file_name", { length: 255 }).notNull(),
    contentType: varchar("content_type", { length: 255 }).notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: varchar("sha256", { length: 64 }).notNull(),
    storage: varchar("storage", { length: 10 }).$type<Storage>().notNull(),
    storageKey: varchar("storage_key", { length: 255 }).notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
  },
  (t) => [
    index("idx_attachments_task_created").on(t.taskId, t.createdAt, t.id),
    uniqueIndex("idx_attachments_storage_key").on(t.storageKey),
    check("attachments_size_check", sql`${t.size} >= 0`),
    check("attachments_storage_check", sql`${t.storage} in ('postgres', 's3')`),
  ],
);

/** The bytes of an attachment stored in PostgreSQL, in order: streamed in and out a chunk at a time. */
export const attachmentChunks = pgTable(
  "attachment_chunks",
  {
    storageKey: varchar("storage_key", { length: 255 }).notNull(),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.storageKey, t.seq] })],
);

/**
 * Objects to remove from the store: an upload under way (removed if it never completes)
 * or a deleted attachment's bytes (removed after its deletion commits). Written in the
 * same transaction as the rows they belong to, so no object is ever left behind.
 */
export const storageDeletions = pgTable(
  "storage_deletions",
  {
    storageKey: varchar("storage_key", { length: 255 }).primaryKey(),
    storage: varchar("storage", { length: 10 }).$type<Storage>().notNull(),
    createdAt: timestamp("created_at", ms).notNull().defaultNow(),
    // When the object may go: at once for a deleted attachment's bytes; for an upload under
    // way, well after the upload's own deadline (lib/attachments/upload.ts), so that only an
    // upload whose process died is swept, never one still running.
    dueAt: timestamp("due_at", ms).notNull().defaultNow(),
  },
  (t) => [index("idx_storage_deletions_due").on(t.dueAt)],
);

export type Attachment = typeof attachments.$inferSelect;
