import { and, eq, getTableColumns, is, SQL, sql } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { runCompiled } from "@/db/compiled";
import { CURRENT_TXID, lists, listMembers, taskCounters, tasks, type NewTask } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { taggedTaskColumns, type TaggedTask } from "@/lib/tags/of-task";
import { retagTask } from "@/lib/tags/task-tags";
import { EDITING_ROLES, forbidden, listMiss, memberRole, reachableTasks, roleIn } from "@/lib/lists/access";
import { isUuid, newTaskId, timeOfTaskId } from "./ids";
import { moveTask } from "./move";
import { assertOwnerExists, taskMiss } from "./owner";
import type { Precondition } from "./precondition";
import { taskCap, taskLimitReached } from "./task-cap";
import { taggedTaskFromRow } from "./task-rows";
import { buryTasks } from "./tombstones";
import type { CreateTaskBody, ReplaceTaskBody, UpdateTaskBody } from "./schemas";

// The task data layer: reads and writes of one task. Every statement reaches tasks only
// through the caller's memberships (lib/lists/access.ts), in the same statement: a task in
// a list the caller is not a member of is indistinguishable from a missing one (404), and
// one the caller may see but not change is a 403. tasks.user_id is the list's owner.

type TaskChanges = Partial<{ [K in keyof typeof tasks.$inferInsert]: (typeof tasks.$inferInsert)[K] | SQL }>;

export type StoreOptions = {
  /** Run inside this transaction (batch, idempotent create) instead of on its own. */
  db?: Executor;
};

export type WriteOptions = StoreOptions & {
  /** If-Match: write only if the task is still at one of these revisions. */
  ifMatch?: Precondition;
};

// The task's columns and its tags, as every read and write answers them: one statement.
const taggedTask = taggedTaskColumns;

const editable = (userId: string | SQL, id: string | SQL) => and(eq(tasks.id, id), reachableTasks(userId, EDITING_ROLES))!;

function editableAt(userId: string, id: string, ifMatch: Precondition | undefined): SQL {
  if (ifMatch === undefined || ifMatch === "*") return editable(userId, id);
  return and(editable(userId, id), ifMatch.length ? revisionIn(ifMatch) : sql`false`)!;
}

// Statements are prepared once per connection and kept (db/gated-client.ts), one per SQL
// text, and `in ($1, ..., $n)` is a new text for every n (up to what a header holds, each
// larger than the last). One array parameter is one text for every list: written as an
// array literal, which both drivers pass as it is (revisions are integers).
const revisionArray = (revisions: number[]) => `{${revisions.join(",")}}`;
const revisionIn = (revisions: number[]) => sql`${tasks.revision} = any(${revisionArray(revisions)}::bigint[])`;

// Strictly later than the previous write even within one millisecond, so that clients
// can tell every modification by updatedAt.
const touched = sql`greatest(clock_timestamp(), ${tasks.updatedAt} + interval '1 millisecond')`;

/** What every write of a task stamps on it: a new revision (ETag), its transaction, its writer. */
export function written(userId: string | SQL) {
  return { updatedAt: touched, revision: sql`nextval('task_revisions')`, txid: CURRENT_TXID, updatedBy: userId };
}

export async function getTask(userId: string, id: string, options: StoreOptions = {}): Promise<TaggedTask> {
  const exec = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(exec, userId);
  const [task] = await exec
    .select(taggedTask())
    .from(tasks)
    .where(and(eq(tasks.id, id), reachableTasks(userId)));
  if (!task) throw await taskMiss(exec, userId);
  return task;
}

/**
 * One statement: the list is found through the caller's membership (editor or above), the
 * list owner's counter moves (task count, under MAX_TASKS_PER_USER), and the task is
 * inserted from what they yield. Without a listId, the caller's Inbox. When nothing is
 * inserted, the reason is looked up after: no such list (404), a viewer (403), or a full
 * account (422).
 */
export async function createTask(userId: string, body: CreateTaskBody, options: StoreOptions = {}): Promise<TaggedTask> {
  const { tags, ...fields } = body;
  const exec = options.db ?? (await database());
  // With tags: the task, then its tags (created in its list when new), in one transaction.
  if (tags?.length) return exec.transaction(async (tx) => retagTask(tx, userId, await createUntagged(tx, userId, fields), tags));
  return createUntagged(exec, userId, fields);
}

async function createUntagged(exec: Executor, userId: string, body: Omit<CreateTaskBody, "tags">): Promise<TaggedTask> {
  if (body.listId !== undefined && !isUuid(body.listId)) throw listMiss();
  const cap = taskCap();
  // A second try only when the caller became an editor (or the owner got room) between the
  // insert and the look at why it inserted nothing: its answer was then already stale.
  for (let attempt = 1; ; attempt++) {
    const task = await insertTask(exec, userId, body, cap);
    if (task) return task;
    const refusal = await createRefused(exec, userId, body.listId, cap);
    if (refusal !== "retry") throw refusal;
    if (attempt === 2) throw new AppError("conflict", "The list changed while the task was being created; try again.");
  }
}

async function insertTask(exec: Executor, userId: string, body: Omit<CreateTaskBody, "tags">, cap: number | undefined): Promise<TaggedTask | undefined> {
  const id = newTaskId();
  // The id's own timestamp: within one millisecond the list then keeps creation order.
  const createdAt = timeOfTaskId(id);
  const target = exec.$with("target").as(
    exec
      .select({ listId: sql<string>`${lists.id}`.as("target_list"), ownerId: sql<string>`${lists.ownerId}`.as("target_owner") })
      .from(lists)
      .innerJoin(listMembers, and(eq(listMembers.listId, lists.id), eq(listMembers.userId, userId)))
      .where(
        and(
          body.listId === undefined ? and(eq(lists.ownerId, userId), eq(lists.inbox, true)) : eq(lists.id, body.listId),
          sql`${listMembers.role} in ${roleIn(EDITING_ROLES)}`,
        ),
      ),
  );
  const counted = exec.$with("counted").as(
    exec
      .insert(taskCounters)
      // Every column of task_counters, in its order: a new owner's first task, nothing else yet.
      .select(sql`select target_owner, 1, 0, 0, 0 from target`)
      .onConflictDoUpdate({
        target: taskCounters.userId,
        set: { taskCount: sql`${taskCounters.taskCount} + 1` },
        ...(cap !== undefined ? { setWhere: sql`${taskCounters.taskCount} < ${cap}::integer` } : {}),
      })
      .returning({ countedOwner: sql<string>`${taskCounters.userId}`.as("counted_owner") }),
  );
  const [task] = await exec
    .with(target, counted)
    .insert(tasks)
    .select(
      selectFrom(sql`target join counted on counted_owner = target_owner`, {
        id,
        userId: sql`target_owner`,
        listId: sql`target_list`,
        createdBy: userId,
        updatedBy: userId,
        title: body.title,
        description: body.description ?? null,
        priority: body.priority ?? null,
        dueDate: body.dueDate ?? null,
        completed: body.completed ?? false,
        createdAt,
        updatedAt: createdAt,
        revision: sql`nextval('task_revisions')`,
        txid: CURRENT_TXID,
        commentCount: 0,
        tagList: sql`'[]'::json`, // its tags follow, by their triggers (migration 0011)
      }),
    )
    .returning(taggedTask());
  return task;
}

async function createRefused(db: Executor, userId: string, listId: string | undefined, cap: number | undefined): Promise<AppError | "retry"> {
  const [target] = await db
    .select({ role: listMembers.role, taskCount: taskCounters.taskCount })
    .from(lists)
    .innerJoin(listMembers, and(eq(listMembers.listId, lists.id), eq(listMembers.userId, userId)))
    .leftJoin(taskCounters, eq(taskCounters.userId, lists.ownerId))
    .where(listId === undefined ? and(eq(lists.ownerId, userId), eq(lists.inbox, true)) : eq(lists.id, listId));
  if (!target) {
    await assertOwnerExists(db, userId);
    return listMiss();
  }
  if (!EDITING_ROLES.includes(target.role)) return forbidden("Viewers of a list cannot add tasks to it.");
  if (cap !== undefined && (target.taskCount ?? 0) >= cap) return taskLimitReached(cap);
  return "retry";
}

// `select <the row's values, in the table's column order> from <source>`: an insert that
// happens once per row the source yields, and not at all when it yields none.
function selectFrom(source: SQL, row: { [K in keyof NewTask]-?: NewTask[K] | SQL }): SQL {
  const values = Object.entries(getTableColumns(tasks)).map(([key, column]) => {
    const value = row[key as keyof NewTask];
    return is(value, SQL) ? value : sql.param(value, column);
  });
  return sql`select ${sql.join(values, sql`, `)} from ${source}`;
}

/**
 * PUT and PATCH: change the given fields of a task the caller may edit; a listId moves it,
 * tags (names) replace its tags. The task row is written first: that checks the caller may
 * edit it, and locks it, before anything touches its tags.
 */
export async function updateTask(
  userId: string,
  id: string,
  changes: ReplaceTaskBody | UpdateTaskBody,
  options: WriteOptions = {},
): Promise<TaggedTask> {
  const { listId, tags, ...fields } = definedOnly(changes);
  if (listId === undefined && tags === undefined) return writeTask(userId, id, options, fields);
  const db = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(db, userId);
  // Moving takes several statements (two owners' counters, a tombstone), tagging a few: one transaction.
  return db.transaction(async (tx) => {
    const write = async () => {
      const task = await writeTask(userId, id, { ...options, db: tx }, fields);
      return tags === undefined ? task : retagTask(tx, userId, task, tags);
    };
    return listId === undefined ? write() : moveTask(tx, userId, id, listId, options.ifMatch, write);
  });
}

/** Sets completion, or toggles it when `completed` is undefined. */
export async function setTaskCompleted(
  userId: string,
  id: string,
  completed: boolean | undefined,
  options: WriteOptions = {},
): Promise<TaggedTask> {
  // In a transaction (a batch), the statement is built as every write's is.
  if (options.db) return writeTask(userId, id, options, { completed: completed ?? sql`not ${tasks.completed}` });
  const db = await database();
  if (!isUuid(id)) throw await taskMiss(db, userId);
  const { ifMatch } = options;
  const revisions = ifMatch === undefined || ifMatch === "*" ? null : revisionArray(ifMatch);
  const rows = rowsOf<Record<string, unknown>>(
    await runCompiled(db, "set-task-completed", () => completionStatement(db), { userId, id, completed: completed ?? null, revisions }),
  );
  if (rows.length === 0) throw await writeRefused(db, userId, id, ifMatch);
  return taggedTaskFromRow(rows[0]!);
}

// The complete route's statement, compiled once (db/compiled.ts): one text for every call,
// the value (null toggles) and If-Match's revisions (null: none; {} matches nothing) as
// parameters. Drizzle building this update's tree on every request was about 0.4 ms of a
// toggle's CPU (bench/RESULTS.md), on top of the history the database now records.
function completionStatement(db: Executor): SQL {
  const userId = sql`${sql.placeholder("userId")}`;
  const revisions = sql`${sql.placeholder("revisions")}::bigint[]`;
  return db
    .update(tasks)
    .set({ completed: sql`coalesce(${sql.placeholder("completed")}::boolean, not ${tasks.completed})`, ...written(userId) })
    .where(and(editable(userId, sql`${sql.placeholder("id")}`), sql`(${revisions} is null or ${tasks.revision} = any(${revisions}))`))
    .returning(taggedTask())
    .getSQL();
}

async function writeTask(userId: string, id: string, options: WriteOptions, set: TaskChanges): Promise<TaggedTask> {
  const db = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(db, userId);
  const [task] = await db
    .update(tasks)
    .set({ ...set, ...written(userId) })
    .where(editableAt(userId, id, options.ifMatch))
    .returning(taggedTask());
  if (!task) throw await writeRefused(db, userId, id, options.ifMatch);
  return task;
}

/** Deletes a task the caller may edit, leaving a tombstone in its list for the change feed. */
export async function deleteTask(userId: string, id: string, options: WriteOptions = {}): Promise<void> {
  const db = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(db, userId);
  const deleted = await buryTasks(db, editableAt(userId, id, options.ifMatch), { deletedBy: userId });
  if (deleted === 0) throw await writeRefused(db, userId, id, options.ifMatch);
}

/**
 * DELETE /api/tasks?status=completed: the completed tasks of every list the caller may
 * edit (or of one list), in one statement. Lists the caller only views are left alone.
 */
export async function clearCompletedTasks(userId: string, listId?: string): Promise<number> {
  const db = await database();
  if (listId !== undefined && !isUuid(listId)) throw listMiss();
  const inList = listId === undefined ? sql`true` : eq(tasks.listId, listId);
  const deleted = await buryTasks(db, and(reachableTasks(userId, EDITING_ROLES), eq(tasks.completed, true), inList)!, { deletedBy: userId });
  if (deleted === 0) await clearRefused(db, userId, listId);
  return deleted;
}

async function clearRefused(db: Executor, userId: string, listId: string | undefined): Promise<void> {
  await assertOwnerExists(db, userId);
  if (listId === undefined) return;
  const role = await memberRole(db, userId, listId);
  if (role === undefined) throw listMiss();
  if (!EDITING_ROLES.includes(role)) throw forbidden("Viewers of a list cannot delete its tasks.");
}

/**
 * After a write matched nothing, why: the task is not there or not the caller's to see
 * (404), the caller only views its list (403), or it has changed since the ETag (412, with
 * the current revision).
 */
export async function writeRefused(db: Executor, userId: string, id: string, ifMatch: Precondition | undefined) {
  const [current] = await db
    .select({ revision: tasks.revision, role: listMembers.role })
    .from(tasks)
    .innerJoin(listMembers, and(eq(listMembers.listId, tasks.listId), eq(listMembers.userId, userId)))
    .where(eq(tasks.id, id));
  if (!current) return taskMiss(db, userId);
  if (!EDITING_ROLES.includes(current.role)) return forbidden("Viewers of a list cannot change its tasks.");
  if (ifMatch === undefined) return taskMiss(db, userId);
  return new AppError("precondition_failed", "The task has changed since that ETag; fetch it again.", undefined, {
    revision: current.revision,
  });
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
