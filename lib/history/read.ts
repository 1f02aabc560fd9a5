import { sql, type SQL } from "drizzle-orm";
import { database, rowsOf } from "@/db/client";
import { activity, listMembers, MEMBER_ACTIONS, tasks, users, type ActivityAction } from "@/db/schema";
import { config } from "@/lib/config";
import { MANAGING_ROLES, reachableTasks, roleIn } from "@/lib/lists/access";
import { listAccess, requireRole } from "@/lib/lists/lookup";
import { decodeCursor, encodeCursor, invalidCursor, type CursorContext } from "@/lib/tasks/cursor";
import { isUuid } from "@/lib/tasks/ids";
import { taskMiss } from "@/lib/tasks/owner";
import { accountJson } from "./actor";
import type { ActivityEntryJson, ActivityPageJson, ChangesJson, HistoryEntryJson, HistoryPageJson } from "./responses";
import type { HistoryQuery } from "./schemas";

// Reading the audit log (the activity table), newest first, one keyset page on its id:
// a task's history for anyone who can see the task, and a list's activity for its admins
// and owner. Each page is one statement that reaches the task or the list through the
// caller's membership, and reads the actors' names with the rows.
//
// A task's history is what happened to it in the list it is in now (and its move into
// it): what it went through in a list it left stays in that list's activity, for that
// list's members, and is not shown to the members of its new list.

type EntryRow = {
  id: string;
  action: ActivityAction;
  actor_id: string | null;
  actor_name: string | null;
  at: string;
  changes: string | null;
};

type ActivityRow = EntryRow & {
  task_id: string | null;
  task_title: string | null;
  subject_id: string | null;
  member_name: string | null;
};

// The columns of an entry from `entry` (the table or a subquery of its rows), with its
// actor (joined as `actor`): the id and the time as text (the id is a bigint; the time as
// toISOString() writes it), changes as JSON text that each driver leaves alone.
const entryColumns = (entry: SQL) => sql`${entry}.id::text as id, ${entry}.action, ${entry}.actor_id, actor.name as actor_name,
  tasks_iso_instant(${entry}.created_at) as at, ${entry}.changes::text as changes`;

const changesOf = (row: EntryRow): ChangesJson => (row.changes === null ? null : (JSON.parse(row.changes) as ChangesJson));

const cursorContext = (binding: string): CursorContext => ({ binding, secret: config().authSecret });

/** The entry id to continue below, from a cursor of this listing (owner is the task or list id it carries). */
function before(cursor: string | undefined, context: CursorContext, owner: string): number | undefined {
  if (cursor === undefined) return undefined;
  const { key, id } = decodeCursor(cursor, context);
  if (typeof key !== "number" || !Number.isSafeInteger(key) || id !== owner) throw invalidCursor();
  return key;
}

function nextCursor(rows: { id: string }[], limit: number, context: CursorContext, owner: string): string | null {
  const last = rows[limit - 1];
  return rows.length > limit && last ? encodeCursor({ key: Number(last.id), id: owner }, context) : null;
}

/** GET /api/tasks/{id}/history: any member of the task's list. */
export async function taskHistory(userId: string, taskId: string, query: HistoryQuery): Promise<HistoryPageJson> {
  const db = await database();
  if (!isUuid(taskId)) throw await taskMiss(db, userId);
  const context = cursorContext(`history:${taskId}`);
  const below = before(query.cursor, context, taskId);
  const page = below === undefined ? sql`` : sql`and ${activity.id} < ${below}::bigint`;
  // From the task, so that a task the caller cannot see (no row) and one with no entries
  // on this page (a row without an entry) are told apart in this one statement.
  const rows = rowsOf<EntryRow & { found: string }>(
    await db.execute(sql`
      select ${tasks.id} as found, ${entryColumns(sql`${activity}`)}
      from ${tasks}
      left join ${activity} on ${activity.taskId} = ${tasks.id} and ${activity.listId} = ${tasks.listId} ${page}
      left join ${users} actor on actor.id = ${activity.actorId}
      where ${tasks.id} = ${taskId} and ${reachableTasks(userId)}
      order by ${activity.id} desc
      limit ${query.limit + 1}`),
  );
  if (rows.length === 0) throw await taskMiss(db, userId);
  const entries = rows.filter((row) => row.id !== null);
  return {
    items: entries.slice(0, query.limit).map(historyEntryJson),
    nextCursor: nextCursor(entries, query.limit, context, taskId),
  };
}

function historyEntryJson(row: EntryRow): HistoryEntryJson {
  return {
    id: row.id,
    action: row.action as HistoryEntryJson["action"],
    actor: accountJson(row.actor_id, row.actor_name),
    at: row.at,
    changes: changesOf(row),
  };
}

const isMemberAction = (action: ActivityAction) => (MEMBER_ACTIONS as readonly string[]).includes(action);

/**
 * GET /api/lists/{id}/activity: the list's admins and owner. Its task events (deleted
 * tasks included, by the title they had), the moves out of it, and its membership events.
 * Two index ranges (idx_activity_list, idx_activity_from_list), each at most a page long,
 * merged; the caller's right is a one-time filter of the same statement.
 */
export async function listActivity(userId: string, listId: string, query: HistoryQuery): Promise<ActivityPageJson> {
  const db = await database();
  if (!isUuid(listId)) {
    await listAccess(db, userId, listId); // throws the list's 404 (or 401)
  }
  const context = cursorContext(`activity:${listId}`);
  const below = before(query.cursor, context, listId);
  const page = below === undefined ? sql`` : sql`and ${activity.id} < ${below}::bigint`;
  const limit = query.limit + 1;
  const branch = (column: SQL) => sql`(select * from ${activity} where ${column} = ${listId} ${page} order by ${activity.id} desc limit ${limit})`;
  const rows = rowsOf<ActivityRow>(
    await db.execute(sql`
      select ${entryColumns(sql`entry`)}, entry.task_id, entry.task_title, entry.subject_id, member.name as member_name
      from (${branch(sql`${activity.listId}`)} union all ${branch(sql`${activity.fromListId}`)}) entry
      left join ${users} actor on actor.id = entry.actor_id
      left join ${users} member on member.id = entry.subject_id
      where exists (select 1 from ${listMembers} where ${listMembers.listId} = ${listId} and ${listMembers.userId} = ${userId}
        and ${listMembers.role} in ${roleIn(MANAGING_ROLES)})
      order by entry.id desc
      limit ${limit}`),
  );
  if (rows.length === 0) {
    // Nothing to show, or nothing the caller may see: which one, and then the right answer.
    requireRole(await listAccess(db, userId, listId), MANAGING_ROLES, "Only the owner and admins of a list can see its activity.");
  }
  return { items: rows.slice(0, query.limit).map(activityEntryJson), nextCursor: nextCursor(rows, query.limit, context, listId) };
}

function activityEntryJson(row: ActivityRow): ActivityEntryJson {
  const membership = isMemberAction(row.action);
  return {
    id: row.id,
    action: row.action,
    actor: accountJson(row.actor_id, row.actor_name),
    at: row.at,
    taskId: row.task_id,
    taskTitle: row.task_title,
    // An invitation is about an address, not (yet) an account: no member.
    member: membership && row.action !== "invited" ? accountJson(row.subject_id, row.member_name) : null,
    changes: changesOf(row),
  };
}
