import { and, eq, sql } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { listMembers, lists, taskCounters, tasks, taskTombstones } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordMemberEvent } from "@/lib/history/record";
import { taskCap } from "@/lib/tasks/task-cap";
import { listAccess, lockCounters, refuseInbox, requireRole, memberMiss } from "./lookup";
import { findListView, type ListView } from "./view";

// Ownership changes hands: POST /api/lists/{id}/transfer, and account deletion (the
// longest-standing admin inherits). tasks.user_id is always the list's owner, so the
// list's tasks and tombstones move to the new owner with it, and both owners' counters
// (task_count, tombstone_count) follow; the new owner's horizon becomes the higher of the
// two, since the feed's report on these tombstones is now only as complete as that.


/** POST /api/lists/{id}/transfer: the owner hands the list to a member and becomes an admin. */
export async function transferList(userId: string, listId: string, newOwnerId: string): Promise<ListView> {
  const db = await database();
  return db.transaction(async (tx) => {
    const seen = await listAccess(tx, userId, listId);
    requireRole(seen, ["owner"], "Only the owner of a list can transfer it.");
    refuseInbox(seen, "The Inbox cannot be transferred.");
    if (newOwnerId === userId) throw new AppError("conflict", "You own this list already.");
    if (!(await isMember(tx, seen.listId, newOwnerId))) throw memberMiss();
    await lockCounters(tx, [userId, newOwnerId]);
    const access = await listAccess(tx, userId, listId, "update");
    requireRole(access, ["owner"], "Only the owner of a list can transfer it.");
    if (!(await isMember(tx, access.listId, newOwnerId))) throw memberMiss();
    await moveOwnership(tx, access.listId, userId, newOwnerId, { enforceTaskCap: true });
    return (await findListView(tx, userId, access.listId))!;
  });
}

async function isMember(db: Executor, listId: string, userId: string): Promise<boolean> {
  const [member] = await db
    .select({ role: listMembers.role })
    .from(listMembers)
    .where(and(eq(listMembers.listId, listId), eq(listMembers.userId, userId)));
  return member !== undefined;
}

/**
 * Moves a list from one owner to another, both counters and the list row locked by the
 * caller. With enforceTaskCap, refused (422) when the new owner would pass
 * MAX_TASKS_PER_USER; account deletion moves it regardless, since the list must go
 * somewhere and deleting it would lose the admin's work.
 */
export async function moveOwnership(
  tx: Executor,
  listId: string,
  from: string,
  to: string,
  { enforceTaskCap }: { enforceTaskCap: boolean },
): Promise<void> {
  const [{ n: taskCount } = { n: 0 }] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(tasks)
    .where(eq(tasks.listId, listId));
  const cap = taskCap();
  if (enforceTaskCap && cap !== undefined && taskCount > 0) {
    const [receiving] = await tx.select({ taskCount: taskCounters.taskCount }).from(taskCounters).where(eq(taskCounters.userId, to));
    if ((receiving?.taskCount ?? 0) + taskCount > cap) {
      throw new AppError("task_limit_reached", `The new owner would pass the limit of ${cap} tasks with this list's ${taskCount}.`);
    }
  }
  await tx.update(tasks).set({ userId: to }).where(eq(tasks.listId, listId));
  const moved = await tx.update(taskTombstones).set({ userId: to }).where(eq(taskTombstones.listId, listId)).returning({ id: taskTombstones.taskId });
  const [giver] = await tx.select({ horizon: taskCounters.horizon }).from(taskCounters).where(eq(taskCounters.userId, from));
  await tx
    .update(taskCounters)
    .set({
      taskCount: sql`${taskCounters.taskCount} - ${taskCount}::integer`,
      tombstoneCount: sql`greatest(${taskCounters.tombstoneCount} - ${moved.length}::integer, 0)`,
    })
    .where(eq(taskCounters.userId, from));
  await tx
    .update(taskCounters)
    .set({
      taskCount: sql`${taskCounters.taskCount} + ${taskCount}::integer`,
      tombstoneCount: sql`${taskCounters.tombstoneCount} + ${moved.length}::integer`,
      horizon: sql`greatest(${taskCounters.horizon}, ${giver?.horizon ?? 0}::bigint)`,
    })
    .where(eq(taskCounters.userId, to));
  // One owner row per list at any moment (idx_list_members_one_owner): the old one steps down first.
  await tx.update(listMembers).set({ role: "admin" }).where(and(eq(listMembers.listId, listId), eq(listMembers.userId, from)));
  const [heir] = await tx.select({ role: listMembers.role }).from(listMembers).where(and(eq(listMembers.listId, listId), eq(listMembers.userId, to)));
  await tx.update(listMembers).set({ role: "owner" }).where(and(eq(listMembers.listId, listId), eq(listMembers.userId, to)));
  // In the list's activity, as two role changes by the one who hands it over (an account
  // being deleted shows as "Deleted account").
  await recordMemberEvent(tx, listId, from, { action: "role_changed", memberId: from, role: { from: "owner", to: "admin" } });
  await recordMemberEvent(tx, listId, from, { action: "role_changed", memberId: to, role: { from: heir?.role ?? null, to: "owner" } });
  // The owner is part of what GET answers: a new ETag.
  await tx.update(lists).set({ ownerId: to, revision: sql`${lists.revision} + 1` }).where(eq(lists.id, listId));
}
