import { and, eq, sql, type SQL } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { activity, CURRENT_TXID, listMembers, taskComments, tasks, users } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { accountJson } from "@/lib/history/actor";
import { EDITING_ROLES, forbidden, MANAGING_ROLES, reachableTasks } from "@/lib/lists/access";
import { decodeCursor, encodeCursor, invalidCursor, type CursorContext } from "@/lib/tasks/cursor";
import { isUuid, newTaskId, timeOfTaskId } from "@/lib/tasks/ids";
import { taskMiss } from "@/lib/tasks/owner";
import type { CommentJson, CommentPageJson } from "./responses";
import type { CreateCommentBody, ListCommentsQuery, UpdateCommentBody } from "./schemas";

// A task's comments. The task is reached through the caller's membership in the very
// statement that reads or writes (reachableTasks), and a comment by its task id AND its own
// id, so a comment under another task, or of a task the caller cannot see, is a 404. The
// author's name is read in the same statement; a deleted author's comments stay, shown as
// "Deleted account". Adding or deleting one moves tasks.comment_count and the task's
// revision and txid in the same statement (commentCount is part of the task's
// representation: its ETag and the change feed), never its updatedAt.

type CommentRow = {
  id: string;
  task_id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: string;
  edited_at: string | null;
};

function commentJson(row: CommentRow): CommentJson {
  return {
    id: row.id,
    taskId: row.task_id,
    body: row.body,
    author: accountJson(row.author_id, row.author_name),
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}

// The columns of a comment as the API shows it, from `source` (the table or a CTE of its
// rows) joined to its author: times as ISO 8601 text, exactly what toISOString() writes.
const shown = (source: SQL) => sql`${source}.id, ${source}.task_id, ${source}.body, ${source}.author_id,
  ${users.name} as author_name, tasks_iso_instant(${source}.created_at) as created_at,
  tasks_iso_instant(${source}.edited_at) as edited_at`;

// A cursor is valid for the task it came from only.
const cursorContext = (taskId: string): CursorContext => ({ binding: `comments:${taskId}`, secret: config().authSecret });

/** GET /api/tasks/{id}/comments: any member of the task's list; oldest first, one keyset page. */
export async function listComments(userId: string, taskId: string, query: ListCommentsQuery): Promise<CommentPageJson> {
  const db = await database();
  if (!isUuid(taskId)) throw await taskMiss(db, userId);
  const context = cursorContext(taskId);
  let after = sql``;
  if (query.cursor !== undefined) {
    const { key, id } = decodeCursor(query.cursor, context);
    if (typeof key !== "number" || !Number.isSafeInteger(key)) throw invalidCursor();
    after = sql`and (${taskComments.createdAt}, ${taskComments.id}) > (${new Date(key).toISOString()}::timestamptz, ${id})`;
  }
  // From the task, so that a visible task without comments (one row, no comment) and a
  // task the caller cannot see (no row) are told apart in this one statement.
  const rows = rowsOf<CommentRow & { found: string }>(
    await db.execute(sql`
      select ${tasks.id} as found, ${shown(sql`${taskComments}`)}
      from ${tasks}
      left join ${taskComments} on ${taskComments.taskId} = ${tasks.id} ${after}
      left join ${users} on ${users.id} = ${taskComments.authorId}
      where ${tasks.id} = ${taskId} and ${reachableTasks(userId)}
      order by ${taskComments.createdAt}, ${taskComments.id}
      limit ${query.limit + 1}`),
  );
  if (rows.length === 0) throw await taskMiss(db, userId);
  const comments = rows.filter((row) => row.id !== null);
  const items = comments.slice(0, query.limit);
  const last = items.at(-1);
  const more = comments.length > query.limit && last !== undefined;
  return {
    items: items.map(commentJson),
    nextCursor: more ? encodeCursor({ key: Date.parse(last.created_at), id: last.id }, context) : null,
  };
}

/**
 * POST /api/tasks/{id}/comments: editors and above. One statement: the task's count moves
 * (under MAX_COMMENTS_PER_TASK, checked on the row it locks), the comment is inserted, and
 * a `commented` entry goes into the task's history. When nothing is inserted, the reason
 * is looked up after: no such task (404), a viewer (403), or a full task (422).
 */
export async function addComment(userId: string, taskId: string, body: CreateCommentBody): Promise<CommentJson> {
  const db = await database();
  if (!isUuid(taskId)) throw await taskMiss(db, userId);
  const cap = config().maxCommentsPerTask;
  const id = newTaskId();
  const [added] = rowsOf<CommentRow>(
    await db.execute(sql`
      with counted as (
        update ${tasks} set comment_count = ${tasks.commentCount} + 1, revision = nextval('task_revisions'), txid = ${CURRENT_TXID}
        where ${tasks.id} = ${taskId} and ${reachableTasks(userId, EDITING_ROLES)} and ${tasks.commentCount} < ${cap}::integer
        returning ${tasks.id} as id, ${tasks.listId} as list_id, ${tasks.title} as title
      ), added as (
        insert into ${taskComments} (id, task_id, list_id, author_id, body, created_at)
        select ${id}, id, list_id, ${userId}, ${body.body}, ${timeOfTaskId(id).toISOString()}::timestamptz from counted
        returning *
      ), recorded as (
        insert into ${activity} (list_id, task_id, task_title, actor_id, action)
        select list_id, id, title, ${userId}, 'commented' from counted
      )
      select ${shown(sql`added`)} from added left join ${users} on ${users.id} = added.author_id`),
  );
  if (!added) throw await addRefused(db, userId, taskId, cap);
  return commentJson(added);
}

async function addRefused(db: Executor, userId: string, taskId: string, cap: number): Promise<AppError> {
  const [task] = await db
    .select({ role: listMembers.role, comments: tasks.commentCount })
    .from(tasks)
    .innerJoin(listMembers, and(eq(listMembers.listId, tasks.listId), eq(listMembers.userId, userId)))
    .where(eq(tasks.id, taskId));
  if (!task) return taskMiss(db, userId);
  if (!EDITING_ROLES.includes(task.role)) return forbidden("Viewers of a list cannot comment on its tasks.");
  if (task.comments >= cap) return new AppError("comment_limit_reached", `A task can have at most ${cap} comments.`);
  return new AppError("conflict", "The task changed while the comment was being added; try again.");
}

/** PATCH /api/tasks/{id}/comments/{commentId}: its author, while an editor or above; sets editedAt. */
export async function editComment(userId: string, taskId: string, commentId: string, body: UpdateCommentBody): Promise<CommentJson> {
  const db = await database();
  if (!isUuid(taskId) || !isUuid(commentId)) throw await commentMiss(db, userId, taskId);
  const [edited] = rowsOf<CommentRow>(
    await db.execute(sql`
      with edited as (
        update ${taskComments} set body = ${body.body}, edited_at = greatest(clock_timestamp(), ${taskComments.createdAt})
        where ${taskComments.id} = ${commentId} and ${taskComments.taskId} = ${taskId} and ${taskComments.authorId} = ${userId}
          and ${taskReachable(taskId, userId, EDITING_ROLES)}
        returning *
      )
      select ${shown(sql`edited`)} from edited left join ${users} on ${users.id} = edited.author_id`),
  );
  if (!edited) throw await commentRefused(db, userId, taskId, commentId, "edit");
  return commentJson(edited);
}

/**
 * DELETE /api/tasks/{id}/comments/{commentId}: its author (an editor or above), or the
 * list's admins and owner. The task row is locked first, as a task delete locks it before
 * its comments go with it, so the two queue instead of deadlocking; the count and the
 * revision move in the same statement.
 */
export async function deleteComment(userId: string, taskId: string, commentId: string): Promise<void> {
  const db = await database();
  if (!isUuid(taskId) || !isUuid(commentId)) throw await commentMiss(db, userId, taskId);
  const [result] = rowsOf<{ deleted: number }>(
    await db.execute(sql`
      with locked as (
        select ${tasks.id} as id from ${tasks} where ${tasks.id} = ${taskId} and ${reachableTasks(userId)} for no key update
      ), gone as (
        delete from ${taskComments}
        where ${taskComments.id} = ${commentId} and ${taskComments.taskId} in (select id from locked)
          and (${taskReachable(taskId, userId, MANAGING_ROLES)}
            or (${taskComments.authorId} = ${userId} and ${taskReachable(taskId, userId, EDITING_ROLES)}))
        returning ${taskComments.taskId} as task_id
      ), counted as (
        update ${tasks} set comment_count = ${tasks.commentCount} - 1, revision = nextval('task_revisions'), txid = ${CURRENT_TXID}
        where ${tasks.id} in (select task_id from gone)
      )
      select count(*)::integer as deleted from gone`),
  );
  if (!result || Number(result.deleted) === 0) throw await commentRefused(db, userId, taskId, commentId, "delete");
}

// Whether the user reaches the task with one of `roles`: for the statements on comments.
function taskReachable(taskId: string, userId: string, roles: typeof EDITING_ROLES): SQL {
  return sql`exists (select 1 from ${tasks} where ${tasks.id} = ${taskId} and ${reachableTasks(userId, roles)})`;
}

const noSuchComment = () => new AppError("not_found", "No such comment.");

// A malformed id names nothing: the task's 404 when the task is not the caller's to see,
// else the comment's.
async function commentMiss(db: Executor, userId: string, taskId: string): Promise<AppError> {
  if (!isUuid(taskId)) return taskMiss(db, userId);
  const [task] = await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.id, taskId), reachableTasks(userId)));
  return task ? noSuchComment() : taskMiss(db, userId);
}

/**
 * After an edit or delete matched nothing, why: the task is not the caller's to see (404),
 * the comment is not under it (404), the caller only views the list (403), or the comment
 * is someone else's (403).
 */
async function commentRefused(db: Executor, userId: string, taskId: string, commentId: string, what: "edit" | "delete") {
  const [found] = await db
    .select({ role: listMembers.role, commentId: taskComments.id, authorId: taskComments.authorId })
    .from(tasks)
    .innerJoin(listMembers, and(eq(listMembers.listId, tasks.listId), eq(listMembers.userId, userId)))
    .leftJoin(taskComments, and(eq(taskComments.taskId, tasks.id), eq(taskComments.id, commentId)))
    .where(eq(tasks.id, taskId));
  if (!found) return taskMiss(db, userId);
  if (found.commentId === null) return noSuchComment();
  if (!EDITING_ROLES.includes(found.role)) {
    return forbidden(what === "edit" ? "Viewers of a list cannot edit comments." : "Viewers of a list cannot delete comments.");
  }
  if (what === "edit" && found.authorId !== userId) return forbidden("Only its author can edit a comment.");
  if (what === "delete" && found.authorId !== userId && !MANAGING_ROLES.includes(found.role)) {
    return forbidden("Only its author and the list's owner and admins can delete a comment.");
  }
  // Deleted (or changed) between the statement and this look.
  return noSuchComment();
}
