import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { CURRENT_TXID, listDepartures, listMembers } from "@/db/schema";

// What the change feed (lib/tasks/changes.ts) reads to tell a client that a list left it:
// one row per (user, list), written in the transaction that takes the access away, and
// renewed if the same user leaves the same list again. owner_id is the list's owner at
// that moment, whose tombstone horizon says whether the feed's report can be complete.

/** A departure for each member of the list `which` selects (all of them by default). */
export async function recordDepartures(db: Executor, listId: string, ownerId: string, which?: SQL): Promise<void> {
  await db
    .insert(listDepartures)
    .select(
      db
        .select({
          userId: listMembers.userId,
          listId: listMembers.listId,
          ownerId: sql<string>`${ownerId}::varchar`.as("owner_id"),
          txid: sql<number>`${CURRENT_TXID}`.as("txid"),
          departedAt: sql<Date>`now()`.as("departed_at"),
        })
        .from(listMembers)
        .where(and(eq(listMembers.listId, listId), which)),
    )
    .onConflictDoUpdate({
      target: [listDepartures.userId, listDepartures.listId],
      set: { ownerId: sql`excluded.owner_id`, txid: sql`excluded.txid`, departedAt: sql`excluded.departed_at` },
    });
}

/** The departure of one member (removed, or leaving). */
export function recordDeparture(db: Executor, listId: string, ownerId: string, userId: string): Promise<void> {
  return recordDepartures(db, listId, ownerId, eq(listMembers.userId, userId));
}
