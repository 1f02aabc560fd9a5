import { and, eq, inArray } from "drizzle-orm";
import { database } from "@/db/client";
import { attachments, tasks, users } from "@/db/schema";
import { EDITING_ROLES, forbidden, reachableTasks } from "@/lib/lists/access";
import { isUuid } from "@/lib/tasks/ids";
import { attachmentMissFor, findAttachment, taskStanding, withUploader } from "./access";
import { storeOf } from "./object-store";
import { StoreUnavailableError } from "./store-errors";
import type { AttachmentView } from "./responses";
import { sweepInBackground } from "./sweep";

// Reading and deleting attachments (uploading: upload.ts). Every statement reaches them
// through the task and the caller's membership of its list (access.ts).

/** The task's attachments, oldest first; the task's 404 when the caller cannot see it. */
export async function listAttachments(userId: string, taskId: string): Promise<AttachmentView[]> {
  const db = await database();
  const standing = await taskStanding(db, userId, taskId);
  return db
    .select(withUploader)
    .from(attachments)
    .innerJoin(tasks, eq(tasks.id, attachments.taskId))
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(and(eq(attachments.taskId, taskId), eq(tasks.listId, standing.listId), reachableTasks(userId)))
    .orderBy(attachments.createdAt, attachments.id);
}

export type OpenedAttachment = { attachment: AttachmentView; bytes: ReadableStream<Uint8Array> };

/** One attachment and its bytes, streamed from its store; 404 for the task or the attachment. */
export async function openAttachment(userId: string, taskId: string, attachmentId: string): Promise<OpenedAttachment> {
  const db = await database();
  const attachment = await findAttachment(db, userId, taskId, attachmentId);
  if (!attachment) throw await attachmentMissFor(db, userId, taskId);
  const store = await storeOf(attachment.storage);
  if (!store) throw new StoreUnavailableError(`no ${attachment.storage} store is configured`);
  return { attachment, bytes: await store.read(attachment.storageKey) };
}

/**
 * Deletes an attachment of a task the caller may edit, in one statement; its bytes follow
 * (the trigger on attachments: PostgreSQL's chunks in the same transaction, an S3 object
 * through storage_deletions, removed after the response).
 */
export async function deleteAttachment(userId: string, taskId: string, attachmentId: string): Promise<void> {
  const db = await database();
  if (!isUuid(taskId) || !isUuid(attachmentId)) throw await attachmentMissFor(db, userId, taskId);
  const editableTask = db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, taskId), reachableTasks(userId, EDITING_ROLES)));
  const gone = await db
    .delete(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.taskId, taskId), inArray(attachments.taskId, editableTask)))
    .returning({ id: attachments.id });
  if (gone.length === 0) {
    if (await findAttachment(db, userId, taskId, attachmentId)) throw forbidden("Viewers of a list cannot delete its attachments.");
    throw await attachmentMissFor(db, userId, taskId);
  }
  sweepInBackground();
}
