import { and, eq, getTableColumns } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { attachments, listMembers, tasks, users, type ListRole } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { READING_ROLES, reachableTasks } from "@/lib/lists/access";
import { isUuid } from "@/lib/tasks/ids";
import { taskMiss } from "@/lib/tasks/owner";
import type { AttachmentView } from "./responses";

// Attachments are reached through their task, and the task through the caller's membership
// of its list, in the same statement: an attachment of a task the caller cannot see is the
// same 404 as a task that does not exist, and one of another task is a 404 under this one.

export type TaskStanding = { listId: string; ownerId: string; role: ListRole };

/** The task as the caller reaches it, with their role in its list; the task's 404 otherwise. */
export async function taskStanding(db: Executor, userId: string, taskId: string): Promise<TaskStanding> {
  if (!isUuid(taskId)) throw await taskMiss(db, userId);
  const [standing] = await db
    .select({ listId: tasks.listId, ownerId: tasks.userId, role: listMembers.role })
    .from(tasks)
    .innerJoin(listMembers, and(eq(listMembers.listId, tasks.listId), eq(listMembers.userId, userId)))
    .where(eq(tasks.id, taskId));
  if (!standing) throw await taskMiss(db, userId);
  return standing;
}

export const attachmentMiss = () => new AppError("not_found", "No such attachment.");

export const withUploader = { ...getTableColumns(attachments), uploaderName: users.name };

/** One attachment of the task, by both ids, if the caller may see the task with one of `roles`. */
export async function findAttachment(
  db: Executor,
  userId: string,
  taskId: string,
  attachmentId: string,
  roles: readonly ListRole[] = READING_ROLES,
): Promise<AttachmentView | undefined> {
  if (!isUuid(taskId) || !isUuid(attachmentId)) return undefined;
  const [found] = await db
    .select(withUploader)
    .from(attachments)
    .innerJoin(tasks, eq(tasks.id, attachments.taskId))
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(and(eq(attachments.id, attachmentId), eq(attachments.taskId, taskId), reachableTasks(userId, roles)));
  return found;
}

/** Why an attachment was not found: the task's 404 (or 401) if the caller cannot see the task, else the attachment's. */
export async function attachmentMissFor(db: Executor, userId: string, taskId: string): Promise<AppError> {
  await taskStanding(db, userId, taskId);
  return attachmentMiss();
}
