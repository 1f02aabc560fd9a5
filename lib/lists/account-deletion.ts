import { and, asc, eq } from "drizzle-orm";
import { database } from "@/db/client";
import { listMembers, lists } from "@/db/schema";
import { dropList } from "./lists";
import { listAccess, lockCounters } from "./lookup";
import { moveOwnership } from "./transfer";

// What deleting an account does to its lists (Better Auth's databaseHooks.user.delete.before,
// spread into lib/auth.ts): each list it owns, but its Inbox, passes to its longest-standing
// admin (joined_at, then user id), or else goes with its tasks, leaving tombstones and a
// departure for every member, as DELETE /api/lists/{id} does. The Inbox and its tasks go
// with the account (on delete cascade). Tasks in lists owned by others stay: their
// created_by / updated_by become null by their foreign keys.

/** One list at a time, each in its own transaction, with the locks a transfer or a delete takes. */
export async function settleOwnedLists(userId: string): Promise<void> {
  const db = await database();
  const owned = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.ownerId, userId), eq(lists.inbox, false)))
    .orderBy(asc(lists.id));
  for (const { id } of owned) {
    await db.transaction(async (tx) => {
      const [heir] = await tx
        .select({ userId: listMembers.userId })
        .from(listMembers)
        .where(and(eq(listMembers.listId, id), eq(listMembers.role, "admin")))
        .orderBy(asc(listMembers.joinedAt), asc(listMembers.userId))
        .limit(1);
      await lockCounters(tx, heir ? [userId, heir.userId] : [userId]);
      const access = await listAccess(tx, userId, id, "update");
      if (access.role !== "owner") return; // transferred meanwhile: no longer this account's to settle
      if (heir) await moveOwnership(tx, id, userId, heir.userId, { enforceTaskCap: false });
      else await dropList(tx, id, userId);
    });
  }
}

export const listsOnAccountDeletion = {
  delete: {
    before: async (user: { id: string }) => {
      await settleOwnedLists(user.id);
    },
  },
};
