import { and, asc, eq, getTableColumns, gte, sql, type SQL } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { listDepartures, listMembers, lists, taskCounters, tasks } from "@/db/schema";
import { memberLists } from "@/lib/lists/access";
import { type TaggedTask } from "@/lib/tags/of-task";
import { assertOwnerExists } from "./owner";
import { taskJson, type TaskChangesJson } from "./responses";
import type { TaskChangesQuery } from "./schemas";
import { completeAt, decodeSyncToken, encodeSyncToken, syncTokenExpired, type SyncPosition } from "./sync-token";

// The change feed behind GET /api/tasks/changes, over every list the caller can see.
//
// Every task write stamps the task (or the tombstone it leaves in a list it left) with its
// transaction's id (txid). Transaction ids do not follow commit order, but a snapshot's xmin
// does bound it: every transaction below it had ended. So a sync that read at xmin F has
// everything below F, and the next one asks for everything at or above F.
//
// What the caller's next sync gets, from a position P (sync-token.ts):
//   - the tasks of each list it is a member of written at or after P; the whole list when
//     it joined at or after P (a new member gets everything);
//   - as deleted: the tombstones at or after P of those lists and of the lists it left at
//     or after P, unless the task is one it can still see (moved to another of its lists);
//     and every task of a list it left that was in it then: access revoked reads as
//     deleted, so a client that applies the feed converges exactly, through shares and
//     revocations alike;
//   - 410 when the tombstones of any of those lists' owners were compacted at or after P.
// All ordered by (txid, id) and paged on that key, read in one snapshot per page.

type Change = { txid: number; id: string } & ({ task: TaggedTask } | { deleted: true });

export async function listChanges(userId: string, query: TaskChangesQuery): Promise<TaskChangesJson> {
  const position: SyncPosition = query.since === undefined ? { since: null, after: null, floor: null } : decodeSyncToken(query.since);
  const db = await database();
  // Every read in one snapshot: a write committing between them would otherwise be seen by
  // one and not another, and a compaction could remove tombstones after the horizon check.
  const feed = await db.transaction((tx) => readChanges(tx, userId, position, query.limit), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
  if (feed.changes.length === 0) await assertOwnerExists(db, userId);
  const hasMore = feed.changes.length > query.limit;
  const page = feed.changes.slice(0, query.limit);
  // A walk's floor is the lowest of its own pages' xmins; a complete token starts a new walk.
  const floor = position.after && position.floor !== null ? Math.min(position.floor, feed.xmin) : feed.xmin;
  const last = page.at(-1);
  return {
    tasks: page.flatMap((c) => ("task" in c ? [taskJson(c.task)] : [])),
    deleted: [...new Set(page.flatMap((c) => ("deleted" in c ? [c.id] : [])))],
    next: hasMore && last ? encodeSyncToken({ since: position.since, after: { txid: last.txid, id: last.id }, floor }) : completeAt(floor),
    hasMore,
  };
}

async function readChanges(db: Executor, userId: string, position: SyncPosition, limit: number) {
  const [snapshot] = rowsOf<{ xmin: string }>(await db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`));
  const xmin = Number(snapshot!.xmin);
  const { since } = position;
  if (since !== null && (await compactedSince(db, userId, since))) throw syncTokenExpired();
  // One after the other: a transaction is one connection.
  const upserts = await writtenSince(db, userId, position, limit);
  const deletions = await deletedSince(db, userId, position, limit);
  const changes: Change[] = [
    ...upserts.map((task) => ({ txid: task.txid, id: task.id, task })),
    ...deletions.map((d) => ({ txid: d.txid, id: d.id, deleted: true as const })),
  ].sort(byKey);
  return { changes, xmin };
}

// (txid, id) as PostgreSQL orders them: ids are lower-case UUIDs, which every collation
// orders as their code units do.
function byKey(a: { txid: number; id: string }, b: { txid: number; id: string }): number {
  return a.txid - b.txid || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Whether the owner of any list this sync reports on (one the caller is in, or left at or
 * after `since`) had tombstones compacted at or after it: then some deletion may be lost.
 */
async function compactedSince(db: Executor, userId: string, since: number): Promise<boolean> {
  const owners = sql`(
    select l.owner_id from ${listMembers} m join ${lists} l on l.id = m.list_id where m.user_id = ${userId}
    union select d.owner_id from ${listDepartures} d where d.user_id = ${userId} and d.txid >= ${since}
    union select l.owner_id from ${listDepartures} d join ${lists} l on l.id = d.list_id where d.user_id = ${userId} and d.txid >= ${since}
  )`;
  const [hit] = await db
    .select({ userId: taskCounters.userId })
    .from(taskCounters)
    .where(and(sql`${taskCounters.userId} in ${owners}`, gte(taskCounters.horizon, since)))
    .limit(1);
  return hit !== undefined;
}

/** After the page's key, when there is one: a row comparison, an index range. */
function afterKey(position: SyncPosition, txid: SQL | typeof tasks.txid, id: SQL | typeof tasks.id): SQL {
  const { after } = position;
  return after ? sql`(${txid}, ${id}) > (${after.txid}::bigint, ${after.id})` : sql`true`;
}

/**
 * The tasks written at or after the position in every list the caller is a member of, the
 * whole list for a membership that began at or after it: one index range per list
 * (idx_tasks_list_txid), at most limit + 1 rows each.
 */
async function writtenSince(db: Executor, userId: string, position: SyncPosition, limit: number): Promise<TaggedTask[]> {
  return (await writtenSinceStatement(db, userId, position, limit)) as unknown as TaggedTask[];
}

/** The statement alone, so that its plan can be checked (tests/integration/sync-plans.test.ts). */
export function writtenSinceStatement(db: Executor, userId: string, position: SyncPosition, limit: number) {
  const { since } = position;
  const from = since === null ? sql`0` : sql`(case when ${listMembers.joinedTxid} >= ${since}::bigint then 0 else ${since}::bigint end)`;
  const columns = getTableColumns(tasks);
  const branch = db
    .select(columns)
    .from(tasks)
    .where(and(eq(tasks.listId, listMembers.listId), eq(tasks.userId, lists.ownerId), gte(tasks.txid, from), afterKey(position, tasks.txid, tasks.id)))
    .orderBy(asc(tasks.txid), asc(tasks.id))
    .limit(limit + 1)
    .as("written");
  return db
    .select({
      // Every column of the task, its tag_list as `tags` (a TaggedTask).
      ...Object.fromEntries(Object.keys(columns).map((key) => [key === "tagList" ? "tags" : key, branch[key as keyof typeof columns]])),
    })
    .from(listMembers)
    .innerJoin(lists, eq(lists.id, listMembers.listId))
    .crossJoinLateral(branch)
    .where(eq(listMembers.userId, userId))
    .orderBy(asc(branch.txid), asc(branch.id))
    .limit(limit + 1);
}

/**
 * What the caller must drop, at or after the position: tombstones of its lists and of the
 * lists it left, and the tasks a list it left held when it left. Nothing on a first sync:
 * the client has nothing yet.
 */
async function deletedSince(db: Executor, userId: string, position: SyncPosition, limit: number): Promise<{ id: string; txid: number }[]> {
  const statement = deletedSinceStatement(userId, position, limit);
  if (!statement) return [];
  return rowsOf<{ id: string; txid: string }>(await db.execute(statement)).map((row) => ({ id: row.id, txid: Number(row.txid) }));
}

/** The statement alone (undefined on a first sync), for its plan. */
export function deletedSinceStatement(userId: string, position: SyncPosition, limit: number): SQL | undefined {
  const { since } = position;
  if (since === null) return undefined;
  const stillVisible = (id: SQL) => sql`exists (select 1 from ${tasks} v where v.id = ${id} and (v.list_id, v.user_id) in ${memberLists(userId)})`;
  const tombstonesOf = (listId: SQL) => sql`(
    select tt.task_id as id, tt.txid from task_tombstones tt
    where tt.list_id = ${listId} and tt.txid >= ${since}::bigint and ${afterKey(position, sql`tt.txid`, sql`tt.task_id`)}
      and not ${stillVisible(sql`tt.task_id`)}
    order by tt.txid, tt.task_id limit ${limit + 1})`;
  const departed = sql`(select d.list_id, d.departed_at from ${listDepartures} d
    where d.user_id = ${userId} and d.txid >= ${since}::bigint
      and not exists (select 1 from ${listMembers} again where again.list_id = d.list_id and again.user_id = ${userId}))`;
  return sql`
    select x.id, x.txid::text as txid from (
      select g.* from ${listMembers} m cross join lateral ${tombstonesOf(sql`m.list_id`)} g where m.user_id = ${userId}
      union all
      select g.* from ${departed} d cross join lateral ${tombstonesOf(sql`d.list_id`)} g
      union all
      select g.* from ${departed} d cross join lateral (
        select t.id, t.txid from ${tasks} t
        where t.list_id = d.list_id and t.created_at <= d.departed_at and ${afterKey(position, sql`t.txid`, sql`t.id`)}
        order by t.txid, t.id limit ${limit + 1}) g
    ) x order by x.txid, x.id limit ${limit + 1}`;
}
