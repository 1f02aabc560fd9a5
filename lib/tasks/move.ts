import { and, eq, inArray, sql, sum } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { attachments, lists, listMembers, taskComments, taskCounters, tasks, taskTombstones, type Task } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { EDITING_ROLES, forbidden, listMiss } from "@/lib/lists/access";
import type { TaggedTask } from "@/lib/tags/of-task";
import { carryTags } from "@/lib/tags/task-tags";
import type { Precondition } from "./precondition";
import { taskCap, taskLimitReached } from "./task-cap";
import { compactIfDue, oldestTombstoneExpired } from "./tombstones";
import { isUuid } from "./ids";
import { taskMiss } from "./owner";

// Moving a task to another list (PATCH/PUT with a listId), inside the caller's transaction:
// the caller must be an editor (or above) of both lists. The task takes the new list's
// owner as its user_id; when that is another account, the task is counted against that
// owner's MAX_TASKS_PER_USER instead. The list it left keeps a tombstone, so that members
// of that list alone see it go on their next sync. Its tags go with it by name, into the
// new list's tags (lib/tags/task-tags.ts).

type Current = Pick<Task, "listId" | "userId" | "revision">;

/**
 * Moves the task, then `write` applies the request's other fields (and the new revision)
 * on the moved row.
 */
export async function moveTask(
  tx: Executor,
  userId: string,
  id: string,
  listId: string,
  ifMatch: Precondition | undefined,
  write: () => Promise<TaggedTask>,
): Promise<TaggedTask> {
  const current = await editableTask(tx, userId, id, ifMatch);
  if (current.listId === listId) return write();
  const target = await editableList(tx, userId, listId);
  await recount(tx, current.userId, target.ownerId, id);
  // The mover is its writer from here: the history trigger records the move as theirs.
  const moved = await tx
    .update(tasks)
    .set({ listId, userId: target.ownerId, updatedBy: userId })
    .where(and(eq(tasks.id, id), eq(tasks.listId, current.listId), eq(tasks.revision, current.revision)))
    .returning({ id: tasks.id });
  // Changed since it was read: another write won the race.
  if (moved.length === 0) throw ifMatch === undefined ? movedMeanwhile() : conflictAfterRead(current);
  // Its comments are the list's rows too (task_comments.list_id): they go with it.
  await tx.update(taskComments).set({ listId }).where(eq(taskComments.taskId, id));
  await leaveTombstone(tx, current, id);
  await clearTombstone(tx, listId, id);
  await carryTags(tx, id, listId);
  return write();
}

async function editableTask(tx: Executor, userId: string, id: string, ifMatch: Precondition | undefined): Promise<Current> {
  const [current] = await tx
    .select({ listId: tasks.listId, userId: tasks.userId, revision: tasks.revision, role: listMembers.role })
    .from(tasks)
    .innerJoin(listMembers, and(eq(listMembers.listId, tasks.listId), eq(listMembers.userId, userId)))
    .where(eq(tasks.id, id));
  if (!current) throw await taskMiss(tx, userId);
  if (!EDITING_ROLES.includes(current.role)) throw forbidden("Viewers of a list cannot move its tasks.");
  if (ifMatch !== undefined && ifMatch !== "*" && !ifMatch.includes(current.revision)) throw conflictAfterRead(current);
  return current;
}

async function editableList(tx: Executor, userId: string, listId: string) {
  // Not a list id at all (list ids are uuids): PostgreSQL would refuse some such text (a
  // NUL is 22021), and it names no list anyway.
  if (!isUuid(listId)) throw listMiss();
  const [target] = await tx
    .select({ ownerId: lists.ownerId, role: listMembers.role })
    .from(lists)
    .innerJoin(listMembers, and(eq(listMembers.listId, lists.id), eq(listMembers.userId, userId)))
    .where(eq(lists.id, listId));
  if (!target) throw listMiss();
  if (!EDITING_ROLES.includes(target.role)) throw forbidden("Viewers of a list cannot add tasks to it.");
  return target;
}

/**
 * A move between owners: both counters locked in owner order (as every create and delete
 * takes them), then the task's count moves, refused if the new owner is at the cap or
 * would pass their attachment quota. (The attachments' bytes move with the task itself:
 * the trigger on tasks in migration 0009.)
 */
async function recount(tx: Executor, from: string, to: string, id: string): Promise<void> {
  if (from === to) return;
  await tx.insert(taskCounters).values({ userId: to }).onConflictDoNothing();
  const counters = await tx
    .select({ userId: taskCounters.userId, taskCount: taskCounters.taskCount, attachmentBytes: taskCounters.attachmentBytes })
    .from(taskCounters)
    .where(inArray(taskCounters.userId, [from, to]))
    .orderBy(taskCounters.userId)
    .for("update");
  const cap = taskCap();
  const receiving = counters.find((c) => c.userId === to)!;
  if (cap !== undefined && receiving.taskCount >= cap) {
    throw new AppError("task_limit_reached", `The owner of that list has reached the limit of ${cap} tasks.`);
  }
  await checkAttachmentQuota(tx, id, receiving.attachmentBytes);
  await tx.update(taskCounters).set({ taskCount: sql`${taskCounters.taskCount} - 1` }).where(eq(taskCounters.userId, from));
  await tx.update(taskCounters).set({ taskCount: sql`${taskCounters.taskCount} + 1` }).where(eq(taskCounters.userId, to));
}

async function checkAttachmentQuota(tx: Executor, id: string, receivingBytes: number): Promise<void> {
  const quota = config().attachments.quotaBytes;
  if (quota === 0) return;
  const [attached] = await tx.select({ bytes: sum(attachments.size).mapWith(Number) }).from(attachments).where(eq(attachments.taskId, id));
  const bytes = attached?.bytes ?? 0;
  if (bytes > 0 && receivingBytes + bytes > quota) {
    throw new AppError("storage_quota_reached", `The owner of that list would pass their storage quota of ${quota} bytes with this task's attachments.`);
  }
}

async function leaveTombstone(tx: Executor, from: Current, id: string): Promise<void> {
  await tx.insert(taskTombstones).values({ userId: from.userId, listId: from.listId, taskId: id });
  const [counter] = await tx
    .update(taskCounters)
    .set({ tombstoneCount: sql`${taskCounters.tombstoneCount} + 1` })
    .where(eq(taskCounters.userId, from.userId))
    .returning({ tombstones: taskCounters.tombstoneCount, oldestExpired: oldestTombstoneExpired(from.userId).mapWith(Boolean) });
  if (counter) await compactIfDue(tx, from.userId, counter);
}

// Back in a list it once left: that list's tombstone for it would now be wrong.
async function clearTombstone(tx: Executor, listId: string, id: string): Promise<void> {
  const [gone] = await tx
    .delete(taskTombstones)
    .where(and(eq(taskTombstones.listId, listId), eq(taskTombstones.taskId, id)))
    .returning({ ownerId: taskTombstones.userId });
  if (!gone) return;
  await tx
    .update(taskCounters)
    .set({ tombstoneCount: sql`greatest(${taskCounters.tombstoneCount} - 1, 0)` })
    .where(eq(taskCounters.userId, gone.ownerId));
}

function movedMeanwhile(): AppError {
  return new AppError("conflict", "The task changed while it was being moved; fetch it and try again.");
}

function conflictAfterRead(current: Current): AppError {
  return new AppError("precondition_failed", "The task has changed since that ETag; fetch it again.", undefined, {
    revision: current.revision,
  });
}
