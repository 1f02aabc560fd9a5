import { and, asc, desc, eq, sql } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { listMembers, users, type InvitableRole } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { recordMemberEvent } from "@/lib/history/record";
import { isUuid } from "@/lib/tasks/ids";
import { MANAGING_ROLES } from "./access";
import { recordDeparture } from "./departures";
import { listAccess, requireRole, type ListAccess, memberMiss } from "./lookup";
import type { MemberJson } from "./responses";

// /api/lists/{id}/members: who is in a list, role changes, removal and leaving. Each write
// locks the list row (no key update) so that it queues behind a transfer or a delete of
// the same list, and reads the caller's role and the member's row inside that lock.

const ownerStays = () => new AppError("conflict", "The owner cannot leave or be removed: transfer the ownership first.");

const memberColumns = {
  userId: listMembers.userId,
  name: users.name,
  email: users.email,
  role: listMembers.role,
  joinedAt: listMembers.joinedAt,
};

function memberJson(row: { userId: string; name: string; email: string; role: MemberJson["role"]; joinedAt: Date }): MemberJson {
  return { ...row, joinedAt: row.joinedAt.toISOString() };
}

/** GET /api/lists/{id}/members: any member; the owner first, then by joining time. */
export async function listMembersOf(userId: string, listId: string): Promise<MemberJson[]> {
  const db = await database();
  const access = await listAccess(db, userId, listId);
  const rows = await db
    .select(memberColumns)
    .from(listMembers)
    .innerJoin(users, eq(users.id, listMembers.userId))
    .where(eq(listMembers.listId, access.listId))
    .orderBy(desc(sql`${listMembers.role} = 'owner'`), asc(listMembers.joinedAt), asc(listMembers.userId));
  return rows.map(memberJson);
}

async function memberOf(db: Executor, access: ListAccess, memberId: string) {
  if (!isUuid(memberId)) throw memberMiss();
  const [member] = await db
    .select(memberColumns)
    .from(listMembers)
    .innerJoin(users, eq(users.id, listMembers.userId))
    .where(and(eq(listMembers.listId, access.listId), eq(listMembers.userId, memberId)));
  if (!member) throw memberMiss();
  return member;
}

/** PATCH /api/lists/{id}/members/{userId}: admin or owner, to any role below owner. */
export async function changeMemberRole(userId: string, listId: string, memberId: string, role: InvitableRole): Promise<MemberJson> {
  const db = await database();
  return db.transaction(async (tx) => {
    const access = await listAccess(tx, userId, listId, "no key update");
    requireRole(access, MANAGING_ROLES, "Only the owner and admins of a list can change roles.");
    const member = await memberOf(tx, access, memberId);
    if (member.role === "owner") {
      if (access.role === "owner") throw new AppError("conflict", "The owner's role cannot change: transfer the ownership instead.");
      throw new AppError("forbidden", "The owner's role cannot be changed.");
    }
    await tx.update(listMembers).set({ role }).where(and(eq(listMembers.listId, access.listId), eq(listMembers.userId, memberId)));
    if (member.role !== role) {
      await recordMemberEvent(tx, access.listId, userId, { action: "role_changed", memberId, role: { from: member.role, to: role } });
    }
    return memberJson({ ...member, role });
  });
}

/**
 * DELETE /api/lists/{id}/members/{userId}: an admin or the owner removes a member; any
 * member removes themselves (leaves). The owner stays until they transfer. The removed
 * member's departure is written in the same transaction, for their change feed.
 */
export async function removeMember(userId: string, listId: string, memberId: string): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    const access = await listAccess(tx, userId, listId, "no key update");
    if (memberId !== userId) requireRole(access, MANAGING_ROLES, "Only the owner and admins of a list can remove its members.");
    const member = await memberOf(tx, access, memberId);
    // Removing the owner is beyond an admin's rights (403); the owner leaving is a state the
    // list cannot be in, whoever asks (409: transfer first).
    if (member.role === "owner" && access.role !== "owner") throw new AppError("forbidden", "The owner of a list cannot be removed.");
    if (member.role === "owner") throw ownerStays();
    await recordDeparture(tx, access.listId, access.ownerId, memberId);
    await recordMemberEvent(tx, access.listId, userId, {
      action: memberId === userId ? "left" : "removed",
      memberId,
      role: { from: member.role, to: null },
    });
    await tx.delete(listMembers).where(and(eq(listMembers.listId, access.listId), eq(listMembers.userId, memberId)));
  });
}
