import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { listMembers, lists, taskCounters, type ListRole } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertOwnerExists } from "@/lib/tasks/owner";
import { isUuid } from "@/lib/tasks/ids";
import { forbidden, listMiss } from "./access";

// Every list route starts here: the list is found through the caller's own membership row,
// in one query, so a list the caller is not a member of and one that does not exist are
// the same 404. Child resources (members, invitations) are then looked up by this list's
// id AND their own.

/** The caller's standing in a list, and what the checks after it need of the list. */
export type ListAccess = {
  listId: string;
  role: ListRole;
  ownerId: string;
  inbox: boolean;
  revision: number;
};

/**
 * "for update": the list row is locked against every other change of it (delete,
 * transfer). "no key update": against other membership writes, but not against task
 * inserts (their foreign key takes a key share lock, which this one lets through).
 */
export type ListLock = "update" | "no key update";

/** The caller's access to the list, or the 404 (401 when the caller's account is gone). */
export async function listAccess(db: Executor, userId: string, listId: string, lock?: ListLock): Promise<ListAccess> {
  if (!isUuid(listId)) throw await listMissFor(db, userId);
  const query = db
    .select({ listId: lists.id, role: listMembers.role, ownerId: lists.ownerId, inbox: lists.inbox, revision: lists.revision })
    .from(lists)
    .innerJoin(listMembers, and(eq(listMembers.listId, lists.id), eq(listMembers.userId, userId)))
    .where(eq(lists.id, listId));
  const [access] = lock === undefined ? await query : await query.for(lock, { of: lists });
  if (!access) throw await listMissFor(db, userId);
  return access;
}

/** 404 for a list, or 401 when the credentials outlived their account (lib/tasks/owner.ts). */
export async function listMissFor(db: Executor, userId: string): Promise<AppError> {
  await assertOwnerExists(db, userId);
  return listMiss();
}

export const memberMiss = () => new AppError("not_found", "No such member of this list.");

export function requireRole(access: ListAccess, roles: readonly ListRole[], detail: string): void {
  if (!roles.includes(access.role)) throw forbidden(detail);
}

export function refuseInbox(access: ListAccess, detail: string): void {
  if (access.inbox) throw new AppError("conflict", detail);
}

/**
 * Locks task_counters rows of these owners in owner-id order, creating the missing ones:
 * every task write takes them first in that order (lib/tasks/move.ts, tombstones.ts), so
 * a list-wide change that takes them before the list row queues behind task writes
 * instead of deadlocking with them.
 */
export async function lockCounters(db: Executor, ownerIds: string[]) {
  const ids = [...new Set(ownerIds)].sort();
  const values = sql.join(ids.map((id) => sql`(${id})`), sql`, `);
  await db.execute(sql`insert into ${taskCounters} (user_id) values ${values} on conflict do nothing`);
  return db.execute(sql`select user_id from ${taskCounters} where user_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})
    order by user_id for update`);
}
