import { and, eq, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { listMembers, lists, type ListRole } from "@/db/schema";

// Lists and memberships written straight into the tables, for tests of what members see
// (lib/tasks/list.ts, summary.ts) that should not depend on the invitations API.

/** A new list of `ownerId`'s (with its owner row in list_members, as the lists API makes it). */
export async function insertList(ownerId: string, name: string): Promise<string> {
  const db = await database();
  const id = crypto.randomUUID();
  await db.insert(lists).values({ id, ownerId, name });
  await db.insert(listMembers).values({ listId: id, userId: ownerId, role: "owner" });
  return id;
}

/** The user's Inbox (made with the account by migration 0008's trigger). */
export async function inboxOf(userId: string): Promise<string> {
  const db = await database();
  const [inbox] = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.ownerId, userId), sql`${lists.inbox}`));
  return inbox!.id;
}

/** Shares a list: `userId` becomes a member with `role`, as an accepted invitation would make them. */
export async function addMember(listId: string, userId: string, role: Exclude<ListRole, "owner">): Promise<void> {
  await (await database()).insert(listMembers).values({ listId, userId, role });
}

/** Removes a member (what DELETE /api/lists/{id}/members/{userId} leaves behind). */
export async function removeMember(listId: string, userId: string): Promise<void> {
  await (await database()).delete(listMembers).where(and(eq(listMembers.listId, listId), eq(listMembers.userId, userId)));
}
