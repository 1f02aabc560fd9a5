import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { listMembers, lists, tasks, type ListRole } from "@/db/schema";
import { AppError } from "@/lib/errors";

// Who may do what in a list, as SQL the data layer puts in the very statement that reads or
// writes: membership is read from the database on every request, never from a token or a
// cache, so a removed member's next request finds nothing, and there is no extra round
// trip on the hot paths.

/** Each role and everything it may do, in order: a role may do all that those after it may. */
export const ROLE_ORDER = ["owner", "admin", "editor", "viewer"] as const satisfies readonly ListRole[];

/** The roles that hold at least `role`'s rights. */
function rolesFrom(role: ListRole): ListRole[] {
  return ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(role) + 1);
}

export const READING_ROLES = rolesFrom("viewer");
/** Create, change, complete, move and delete a list's tasks. */
export const EDITING_ROLES = rolesFrom("editor");
/** Rename the list, invite, change roles below owner, remove members. */
export const MANAGING_ROLES = rolesFrom("admin");

export function atLeast(role: ListRole, needed: ListRole): boolean {
  return ROLE_ORDER.indexOf(role) <= ROLE_ORDER.indexOf(needed);
}

// A literal list: the roles are this module's constants, never a request's, and one SQL
// text per role set keeps the prepared statements few.
export const roleIn = (roles: readonly ListRole[]) => sql.raw(`(${roles.map((r) => `'${r}'`).join(", ")})`);

/**
 * (list, owner) of every list the user is a member of with one of `roles`: a task is
 * reachable when its (list_id, user_id) is among them, which filters by the owner as the
 * seed's rule asks, and by the list.
 */
export function memberLists(userId: string | SQL, roles: readonly ListRole[] = READING_ROLES): SQL {
  return sql`(select m.list_id, l.owner_id from ${listMembers} m join ${lists} l on l.id = m.list_id
    where m.user_id = ${userId} and m.role in ${roleIn(roles)})`;
}

/** The tasks the user may reach with one of `roles`. */
export function reachableTasks(userId: string | SQL, roles: readonly ListRole[] = READING_ROLES): SQL {
  return sql`(${tasks.listId}, ${tasks.userId}) in ${memberLists(userId, roles)}`;
}

/** The user's role in a list, or undefined when they are not a member (or it does not exist). */
export async function memberRole(db: Executor, userId: string, listId: string): Promise<ListRole | undefined> {
  const [member] = await db
    .select({ role: listMembers.role })
    .from(listMembers)
    .where(and(eq(listMembers.listId, listId), eq(listMembers.userId, userId)));
  return member?.role;
}

export const listMiss = () => new AppError("not_found", "No such list.");

export function forbidden(detail: string): AppError {
  return new AppError("forbidden", detail);
}
