import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { activity, taskCounters, tasks, taskTombstones } from "@/db/schema";
import { config } from "@/lib/config";

// Tombstones (what a task leaves in a list it left, deleted or moved, for the change feed)
// are compacted: an owner keeps at most SYNC_TOMBSTONES_PER_USER of them over all their
// lists, and none needs to outlive SYNC_TOMBSTONE_DAYS. Compaction removes the oldest
// first, always a prefix in transaction order, and raises the owner's horizon
// (task_counters.horizon) to the highest txid removed, in the same statement: a sync
// position above the horizon misses no deletion; one at or below it is refused (changes.ts).
//
// It is done by the delete paths themselves, right after the statement that made the
// tombstones (store.ts): only a delete adds tombstones, so only a delete can take a user
// past the bound, and it is where an old tombstone is found too. No scheduler is needed
// (serverless deployments have none); an account that stops deleting keeps what it has,
// at most the bound. Each compaction statement removes the tombstones of at most
// COMPACTION_BATCH rows' transactions of one owner, under that owner's counter lock, so it
// blocks no other owner's writes and that owner's own for a few milliseconds at most. The
// tombstones of one transaction go together (a position is a transaction: keeping some of
// them would keep no position valid), so a statement removes more than the batch only
// when one transaction made more, as a single clear of thousands of tasks does.

const COMPACTION_BATCH = 1_000;

/** Past the bound, compaction goes down to 90% of it, so that it does not run at every delete. */
function keptAfterCompaction(perUser: number): number {
  return Math.floor(perUser * 0.9);
}

/**
 * Deletes the tasks `where` matches and leaves a tombstone for each in its list, in one
 * statement; how many went. Each owner's counter moves by the number of their tasks
 * deleted; then each owner's tombstones are compacted if due. With `deletedBy`, the same
 * statement records a `deleted` entry per task in its list's activity (the person who
 * deleted them); without it (a list deleted with its tasks) nothing is recorded, since the
 * list's activity goes with the list.
 */
export async function buryTasks(db: Executor, where: SQL, { deletedBy }: { deletedBy?: string } = {}): Promise<number> {
  // Lock order matters: every create and delete takes the owners' counter rows first, in
  // owner order, and the task rows after, so that concurrent writes queue on the counters
  // instead of deadlocking. Every owner with tasks has a counter row (creates make it).
  const result: unknown = await db.execute(sql`
    with locked as (
      select user_id from ${taskCounters}
      where user_id in (select ${tasks.userId} from ${tasks} where ${where}) order by user_id for update
    ), gone as (
      delete from ${tasks} where ${where} and ${tasks.userId} in (select user_id from locked)
      returning ${tasks.id} as id, ${tasks.listId} as list_id, ${tasks.userId} as user_id, ${tasks.title} as title
    ), ${deletedBy === undefined ? sql`` : recordDeletions(deletedBy)} per_owner as (
      select user_id, count(*)::integer as n from gone group by user_id
    ), counter as (
      update ${taskCounters} set task_count = ${taskCounters.taskCount} - per_owner.n,
        tombstone_count = ${taskCounters.tombstoneCount} + per_owner.n
      from per_owner where ${taskCounters.userId} = per_owner.user_id
      returning ${taskCounters.userId} as user_id, ${taskCounters.tombstoneCount} as tombstones
    )
    insert into ${taskTombstones} (user_id, list_id, task_id) select user_id, list_id, id from gone
    returning user_id as "ownerId",
      (select tombstones from counter where counter.user_id = ${taskTombstones.userId}) as tombstones,
      ${oldestTombstoneExpired(sql`${taskTombstones.userId}`)} as "oldestExpired"`);
  const buried = rowsOf<TombstoneState & { ownerId: string }>(result);
  const owners = new Map(buried.map((row) => [row.ownerId, row]));
  for (const [ownerId, state] of owners) await compactIfDue(db, ownerId, state);
  return buried.length;
}

// A data-modifying CTE runs whether or not anything reads it: one history entry per task
// gone, in the delete's own statement (append-only, so it never conflicts).
function recordDeletions(actorId: string): SQL {
  return sql`recorded as (
      insert into ${activity} (list_id, task_id, task_title, actor_id, action)
      select list_id, id, title, ${actorId}, 'deleted' from gone
    ),`;
}

/** What a delete statement reports about the user's tombstones afterwards. */
export type TombstoneState = {
  /** The user's tombstones, the new ones included. */
  tombstones: number;
  /** Whether the oldest one (before the delete) is past SYNC_TOMBSTONE_DAYS. */
  oldestExpired: boolean | null;
};

/** For the delete statement: whether the user's oldest tombstone (before it) has aged out. */
export function oldestTombstoneExpired(userId: string | SQL) {
  return sql`(select oldest.deleted_at < now() - make_interval(days => ${config().syncTombstones.days}::integer)
    from ${taskTombstones} oldest where oldest.user_id = ${userId} order by oldest.txid limit 1)`;
}

/** After a delete: compacts the user's tombstones if they passed the bound or have aged out. */
export async function compactIfDue(db: Executor, userId: string, state: TombstoneState): Promise<void> {
  if (state.tombstones > config().syncTombstones.perUser || state.oldestExpired) await compactTombstones(db, userId);
}

/** Removes the user's tombstones beyond the bound or past their days, oldest first; how many went. */
export async function compactTombstones(db: Executor, userId: string, onStatement?: (removed: number) => void): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await compactOnce(db, userId);
    onStatement?.(removed);
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
  // out (transactions follow deletion times closely enough: an aged-out one is past days).
  const result: unknown = await db.execute(sql`
    with counter as (
      select ${taskCounters.tombstoneCount} as tombstones from ${taskCounters} where ${taskCounters.userId} = ${userId} for update
    ), oldest as (
      select txid, deleted_at, row_number() over (order by txid) as n from (
        select ${taskTombstones.txid} as txid, ${taskTombstones.deletedAt} as deleted_at from ${taskTombstones}
        where ${taskTombstones.userId} = ${userId} and exists (select 1 from counter)
        order by ${taskTombstones.txid} limit ${COMPACTION_BATCH}
      ) as first
    ), cut as (
      select max(oldest.txid) as txid from oldest, counter
      where oldest.n <= counter.tombstones - ${keptAfterCompaction(perUser)}::integer
        or oldest.deleted_at < now() - make_interval(days => ${days}::integer)
    ), gone as (
      delete from ${taskTombstones}
      where ${taskTombstones.userId} = ${userId} and ${taskTombstones.txid} <= (select txid from cut)
      returning ${taskTombstones.txid} as txid
    )
    update ${taskCounters} set
      horizon = greatest(${taskCounters.horizon}, (select max(txid) from gone)),
      tombstone_count = ${taskCounters.tombstoneCount} - (select count(*) from gone)
    where ${taskCounters.userId} = ${userId} and exists (select 1 from gone)
    returning (select count(*) from gone)::integer as removed`);
  return rowsOf<{ removed: number }>(result)[0]?.removed ?? 0;
}
