import { createHash, randomUUID } from "node:crypto";
import { and, count, eq, gt, sql } from "drizzle-orm";
import { database, type Database, type Executor } from "@/db/client";
import { attachments, storageDeletions, taskCounters, tasks, users } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { EDITING_ROLES, forbidden } from "@/lib/lists/access";
import { errorChain } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import { newTaskId } from "@/lib/tasks/ids";
import { taskStanding, type TaskStanding } from "./access";
import { normaliseContentType, normaliseFileName } from "./file-names";
import { uploadStore, type ObjectStore } from "./object-store";
import { StoreUnavailableError } from "./store-errors";
import type { AttachmentView } from "./responses";
import { sweepInBackground } from "./sweep";

// An upload, streamed: checked (the caller may edit the task, the task has room, the owner
// has quota), announced (a storage_deletions row for its key, due long after the upload's
// deadline), written to the store as the bytes arrive (counted and hashed on the way,
// refused the moment they pass a bound), then committed in one short transaction that
// checks everything again on the owner's locked counter, inserts the row, moves the
// counter and takes the announcement back. No transaction is open while bytes flow (a slow
// client would hold the change feed's positions back, lib/tasks/changes.ts, and on PGlite
// the one connection). Any failure before the commit removes what was written; a process
// that dies midway leaves its announcement, which a later sweep (sweep.ts) acts on.

/** The most an upload may take; past it the commit refuses, and the sweep may act at twice this. */
export const UPLOAD_DEADLINE_MINUTES = 60;

/** A file part as the request's parser hands it over. */
export type IncomingFile = { fileName: string; contentType: string | undefined; bytes: AsyncIterable<Uint8Array> };

/**
 * Reads the request's one file (lib/http/read-multipart.ts): calls `store` once the file
 * starts, and settles only once `store` has settled and the rest of the body is known to
 * hold nothing else.
 */
export type FileReceiver = <T>(store: (file: IncomingFile) => Promise<T>) => Promise<T>;

type StoredFile = { fileName: string; contentType: string; size: number; sha256: string };

export async function uploadAttachment(userId: string, taskId: string, receive: FileReceiver): Promise<AttachmentView> {
  const db = await database();
  const standing = await taskStanding(db, userId, taskId);
  if (!EDITING_ROLES.includes(standing.role)) throw forbidden("Viewers of a list cannot add attachments.");
  const room = await roomFor(db, taskId, standing);
  sweepInBackground();
  const store = await uploadStore();
  const pending: Pending = { id: newTaskId(), key: `attachments/${randomUUID()}`, storage: store.kind };
  await db
    .insert(storageDeletions)
    .values({ storageKey: pending.key, storage: store.kind, dueAt: sql`now() + make_interval(mins => ${2 * UPLOAD_DEADLINE_MINUTES}::integer)` });
  let stored: StoredFile;
  try {
    stored = await receive((file) => storeFile(store, pending.key, file, room));
  } catch (error) {
    await discard(db, store, pending.key);
    throw error;
  }
  try {
    return await commitUpload(db, { userId, taskId, pending, file: stored });
  } catch (error) {
    // A refusal inside the transaction rolled it back: nothing refers to the bytes. Any other
    // failure (a connection lost at COMMIT) may have committed: the announcement then went
    // with it, and the sweep leaves the bytes alone; if it did not, the sweep removes them.
    if (error instanceof AppError) await discard(db, store, pending.key);
    throw error;
  }
}

type Room = { maxBytes: number; quotaLeft: number };

/** 422s for a full task or a full quota, before a byte is read; else how many bytes fit. */
async function roomFor(db: Executor, taskId: string, standing: TaskStanding): Promise<Room> {
  const { maxBytes, quotaBytes } = config().attachments;
  const [[attached], [counter]] = await Promise.all([
    db.select({ n: count() }).from(attachments).where(eq(attachments.taskId, taskId)),
    db.select({ bytes: taskCounters.attachmentBytes }).from(taskCounters).where(eq(taskCounters.userId, standing.ownerId)),
  ]);
  checkRoom(attached?.n ?? 0, counter?.bytes ?? 0, 0);
  return { maxBytes, quotaLeft: quotaBytes > 0 ? quotaBytes - (counter?.bytes ?? 0) : Number.POSITIVE_INFINITY };
}

/** With `size` more bytes and one more attachment, the task and the owner stay within bounds. */
function checkRoom(attached: number, usedBytes: number, size: number): void {
  const { quotaBytes, perTask } = config().attachments;
  if (attached >= perTask) {
    throw new AppError("attachment_limit_reached", `A task can have at most ${perTask} attachments; delete one to add another.`);
  }
  if (quotaBytes > 0 && (usedBytes >= quotaBytes || usedBytes + size > quotaBytes)) throw quotaReached(quotaBytes);
}

const quotaReached = (quotaBytes: number) =>
  new AppError(
    "storage_quota_reached",
    `The owner of this list has used their storage quota of ${quotaBytes} bytes; delete attachments to add more.`,
  );

export const attachmentTooLarge = (maxBytes: number) => new AppError("payload_too_large", `Attachments are limited to ${maxBytes} bytes.`);

async function storeFile(store: ObjectStore, key: string, file: IncomingFile, room: Room): Promise<StoredFile> {
  const hash = createHash("sha256");
  let size = 0;
  let refusal: AppError | undefined;
  async function* metered(): AsyncGenerator<Uint8Array> {
    for await (const piece of file.bytes) {
      size += piece.byteLength;
      if (size > room.maxBytes) throw (refusal = attachmentTooLarge(room.maxBytes));
      if (size > room.quotaLeft) throw (refusal = quotaReached(config().attachments.quotaBytes));
      hash.update(piece);
      yield piece;
    }
  }
  try {
    await store.write(key, metered());
  } catch (error) {
    // The store may wrap what the body threw (lib-storage does): the refusal is what counts,
    // and a body that failed (the client went, the form was cut) is the request's failure.
    if (refusal) throw refusal;
    if (error instanceof AppError || store.kind === "postgres") throw error;
    throw new StoreUnavailableError("the store failed during an upload", { cause: error });
  }
  return { fileName: normaliseFileName(file.fileName), contentType: normaliseContentType(file.contentType), size, sha256: hash.digest("hex") };
}

class TaskMovedMeanwhile extends Error {}

// A task moved at the very moment of a commit (between two statements of it) is read
// again: a few tries settle it, as the move itself has committed by then.
const COMMIT_TRIES = 3;

/** What a commit writes: who uploaded to which task, the stored bytes' key, what they are. */
type Upload = { userId: string; taskId: string; pending: Pending; file: StoredFile };
type Pending = { id: string; key: string; storage: ObjectStore["kind"] };

async function commitUpload(db: Database, upload: Upload): Promise<AttachmentView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await commitOnce(db, upload);
    } catch (error) {
      if (!(error instanceof TaskMovedMeanwhile)) throw error;
      if (attempt === COMMIT_TRIES) throw new AppError("unavailable", "The task kept moving while the file was stored; upload it again.");
    }
  }
}

async function commitOnce(db: Database, { userId, taskId, pending, file }: Upload): Promise<AttachmentView> {
  return db.transaction(async (tx) => {
    const standing = await taskStanding(tx, userId, taskId);
    if (!EDITING_ROLES.includes(standing.role)) throw forbidden("Viewers of a list cannot add attachments.");
    // The owner's counter first, then the task: the order every move and delete takes them.
    await tx.insert(taskCounters).values({ userId: standing.ownerId }).onConflictDoNothing();
    const [counter] = await tx
      .select({ bytes: taskCounters.attachmentBytes })
      .from(taskCounters)
      .where(eq(taskCounters.userId, standing.ownerId))
      .for("update");
    const [still] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.id, taskId), eq(tasks.listId, standing.listId), eq(tasks.userId, standing.ownerId)))
      .for("share");
    // Moved to another list (or owner) between the two reads above: the caller tries again.
    if (!still) throw new TaskMovedMeanwhile();
    const [attached] = await tx.select({ n: count() }).from(attachments).where(eq(attachments.taskId, taskId));
    checkRoom(attached?.n ?? 0, counter?.bytes ?? 0, file.size);
    const [row] = await tx
      .insert(attachments)
      .values({
        id: pending.id,
        taskId,
        listId: standing.listId,
        ownerId: standing.ownerId,
        uploadedBy: userId,
        ...file,
        storage: pending.storage,
        storageKey: pending.key,
      })
      .returning();
    await tx
      .update(taskCounters)
      .set({ attachmentBytes: sql`${taskCounters.attachmentBytes} + ${file.size}` })
      .where(eq(taskCounters.userId, standing.ownerId));
    const claimed = await tx
      .delete(storageDeletions)
      .where(
        and(
          eq(storageDeletions.storageKey, pending.key),
          gt(storageDeletions.dueAt, sql`now() + make_interval(mins => ${UPLOAD_DEADLINE_MINUTES}::integer)`),
        ),
      )
      .returning({ key: storageDeletions.storageKey });
    if (claimed.length === 0) throw new AppError("unavailable", `The upload took longer than ${UPLOAD_DEADLINE_MINUTES} minutes; send it again.`);
    const [uploader] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    return { ...row!, uploaderName: uploader?.name ?? null };
  });
}

/** Removes an upload's bytes and then its announcement; if the store fails, the announcement stays for the sweep. */
async function discard(db: Executor, store: ObjectStore, key: string): Promise<void> {
  try {
    await store.remove(key);
    await db.delete(storageDeletions).where(eq(storageDeletions.storageKey, key));
  } catch (error) {
    logger().warn(errorChain(error), "could not remove a failed upload's bytes; the sweep will");
  }
}
