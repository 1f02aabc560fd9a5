import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { taskCounters, taskTombstones } from "@/db/schema";
import { config } from "@/lib/config";

// Tombstones (what a deleted task leaves for the change feed) are compacted: a user keeps
// at most SYNC_TOMBSTONES_PER_USER of them, and none needs to outlive SYNC_TOMBSTONE_DAYS.
// Compaction removes the oldest first, always a prefix in revision order, and raises the
// user's horizon (task_counters.horizon) to the highest revision removed, in the same
// statement: a sync token at or above the horizon misses no deletion; one below is refused
// (changes.ts).
//
// It is done by the delete paths themselves, right after the statement that made the
// tombstones (store.ts): only a delete adds tombstones, so only a delete can take a user
// past the bound, and it is where an old tombstone is found too. No scheduler is needed
// (serverless deployments have none); an account that stops deleting keeps what it has,
// at most the bound. Each compaction statement removes at most COMPACTION_BATCH rows of one
// user, under that user's counter lock, so it blocks no other user's writes and that
// user's own for a few milliseconds at most; a clear of thousands of tasks compacts in
// several such statements.

const COMPACTION_BATCH = 1_000;

/** Past the bound, compaction goes down to 90% of it, so that it does not run at every delete. */
function keptAfterCompaction(perUser: number): number {
  return Math.floor(perUser * 0.9);
}

/** What a delete statement reports about the user's tombstones afterwards. */
export type TombstoneState = {
  /** The user's tombstones, the new ones included. */
  tombstones: number;
  /** Whether the oldest one (before the delete) is past SYNC_TOMBSTONE_DAYS. */
  oldestExpired: boolean | null;
};

/** For the delete statement: whether the user's oldest tombstone (before it) has aged out. */
export function oldestTombstoneExpired(userId: string) {
  return sql`(select ${taskTombstones.deletedAt} < now() - make_interval(days => ${config().syncTombstones.days}::integer)
    from ${taskTombstones} where ${taskTombstones.userId} = ${userId} order by ${taskTombstones.revision} limit 1)`;
}

/** After a delete: compacts the user's tombstones if they passed the bound or have aged out. */
export async function compactIfDue(db: Executor, userId: string, state: TombstoneState): Promise<void> {
  if (state.tombstones > config().syncTombstones.perUser || state.oldestExpired) await compactTombstones(db, userId);
}

/** Removes the user's tombstones beyond the bound or past their days, oldest first; how many went. */
export async function compactTombstones(db: Executor, userId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await compactOnce(db, userId);
    total += removed;
    // A batch not full: what remains is within the bound and young enough.
    if (removed < COMPACTION_BATCH) return total;
  }
}

async function compactOnce(db: Executor, userId: string): Promise<number> {
  const { days, perUser } = config().syncTombstones;
  // The counter row is locked first, as every task write does (store.ts), so a compaction
  // and a delete of one user queue instead of deadlocking. `cut` is the last revision to
  // remove among the user's oldest COMPACTION_BATCH: beyond the number to keep, or aged
  // out (revisions follow deletion times, so the aged-out ones are a prefix).
  const result: unknown = await db.execute(sql`
    with counter as (
      select ${taskCounters.tombstoneCount} as tombstones from ${taskCounters} where ${taskCounters.userId} = ${userId} for update
    ), oldest as (
      select revision, deleted_at, row_number() over (order by revision) as n from (
        select ${taskTombstones.revision} as revision, ${taskTombstones.deletedAt} as deleted_at from ${taskTombstones}
        where ${taskTombstones.userId} = ${userId} and exists (select 1 from counter)
        order by ${taskTombstones.revision} limit ${COMPACTION_BATCH}
      ) as first
    ), cut as (
      select max(oldest.revision) as revision from oldest, counter
      where oldest.n <= counter.tombstones - ${keptAfterCompaction(perUser)}::integer
        or oldest.deleted_at < now() - make_interval(days => ${days}::integer)
    ), gone as (
      delete from ${taskTombstones}
      where ${taskTombstones.userId} = ${userId} and ${taskTombstones.revision} <= (select revision from cut)
      returning ${taskTombstones.revision} as revision
    )
    update ${taskCounters} set
      horizon = greatest(${taskCounters.horizon}, (select max(revision) from gone)),
      tombstone_count = ${taskCounters.tombstoneCount} - (select count(*) from gone)
    where ${taskCounters.userId} = ${userId} and exists (select 1 from gone)
    returning (select count(*) from gone)::integer as removed`);
  return rowsOf<{ removed: number }>(result)[0]?.removed ?? 0;
}
