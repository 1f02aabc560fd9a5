import { and, eq, sql } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { recordDeparture } from "@/lib/lists/departures";
import { listMembers, lists, tasks, type ListRole } from "@/db/schema";
import { memberLists } from "@/lib/lists/access";
import { taggedTaskColumns } from "@/lib/tags/of-task";
import { newTaskId } from "@/lib/tasks/ids";
import { taskJson, type TaskJson } from "@/lib/tasks/responses";
import { buryTasks } from "@/lib/tasks/tombstones";

// Lists and memberships made straight in the database, for data-layer tests of what reads
// and writes tasks through memberships (the change feed, the store). What they write is
// what the lists API writes: a member row per member, the owner's included, and a
// departure for whoever loses access.

export async function inboxOf(userId: string): Promise<string> {
  const db = await database();
  const [inbox] = await db.select({ id: lists.id }).from(lists).where(and(eq(lists.ownerId, userId), eq(lists.inbox, true)));
  return inbox!.id;
}

export async function createList(ownerId: string, name = "List"): Promise<string> {
  const db = await database();
  const id = newTaskId();
  await db.transaction(async (tx) => {
    await tx.insert(lists).values({ id, ownerId, name });
    await tx.insert(listMembers).values({ listId: id, userId: ownerId, role: "owner" });
  });
  return id;
}

export async function addMember(listId: string, userId: string, role: Exclude<ListRole, "owner">): Promise<void> {
  const db = await database();
  await db.insert(listMembers).values({ listId, userId, role }).onConflictDoUpdate({ target: [listMembers.listId, listMembers.userId], set: { role } });
}

async function depart(tx: Executor, listId: string, userIds: string[]) {
  const [list] = await tx.select({ ownerId: lists.ownerId }).from(lists).where(eq(lists.id, listId));
  for (const userId of userIds) await recordDeparture(tx, listId, list!.ownerId, userId);
}

/** Removes a (non-owner) member, leaving a departure. */
export async function removeMember(listId: string, userId: string): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    const member = and(eq(listMembers.listId, listId), eq(listMembers.userId, userId), sql`${listMembers.role} <> 'owner'`);
    // The departure is made from the member's row (lib/lists/departures.ts), so first.
    if ((await tx.select().from(listMembers).where(member)).length === 0) return;
    await depart(tx, listId, [userId]);
    await tx.delete(listMembers).where(member);
  });
}

/** Deletes a list as its owner does: its tasks with tombstones, a departure for every member. */
export async function deleteList(listId: string): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    await buryTasks(tx, eq(tasks.listId, listId));
    const members = await tx.select({ userId: listMembers.userId }).from(listMembers).where(eq(listMembers.listId, listId));
    await depart(
      tx,
      listId,
      members.map((m) => m.userId),
    );
    await tx.delete(lists).where(eq(lists.id, listId));
  });
}

/** The lists the user is a member of now. */
export async function listsOf(userId: string): Promise<{ listId: string; role: ListRole }[]> {
  const db = await database();
  return db.select({ listId: listMembers.listId, role: listMembers.role }).from(listMembers).where(eq(listMembers.userId, userId));
}

/** Every task the user can see now, straight from the access rule: what a synced copy must equal. */
export async function visibleTasks(userId: string): Promise<Map<string, TaskJson>> {
  const db = await database();
  const rows = await db
    .select(taggedTaskColumns())
    .from(tasks)
    .where(sql`(${tasks.listId}, ${tasks.userId}) in ${memberLists(userId)}`);
  return new Map(rows.map((task) => [task.id, taskJson(task)]));
}
