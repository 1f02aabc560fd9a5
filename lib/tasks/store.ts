import { and, eq, getTableColumns, is, SQL, sql } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { taskCounters, tasks, taskTombstones, type NewTask, type Task } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isUuid, newTaskId, timeOfTaskId } from "./ids";
import { assertOwnerExists, taskMiss } from "./owner";
import type { Precondition } from "./precondition";
import { nextRevision, revisionOf, type NextRevision } from "./revision";
import { taskCap, taskLimitReached } from "./task-cap";
import { compactIfDue, oldestTombstoneExpired, type TombstoneState } from "./tombstones";
import type { CreateTaskBody, ReplaceTaskBody, UpdateTaskBody } from "./schemas";

// The task data layer: reads and writes of one task. Every function takes the caller's
// user id and every statement filters on it, so another user's task is indistinguishable
// from a missing one. Writes are single statements (ownership check and write together),
// each bumping the owner's revision counter (revision.ts).

type TaskChanges = Partial<{ [K in keyof typeof tasks.$inferInsert]: (typeof tasks.$inferInsert)[K] | SQL }>;

export type StoreOptions = {
  /** Run inside this transaction (batch, idempotent create) instead of on its own. */
  db?: Executor;
};

export type WriteOptions = StoreOptions & {
  /** If-Match: write only if the task is still at one of these revisions. */
  ifMatch?: Precondition;
};

function owned(userId: string, id: string): SQL {
  return and(eq(tasks.id, id), eq(tasks.userId, userId))!;
}

function ownedAt(userId: string, id: string, ifMatch: Precondition | undefined): SQL {
  if (ifMatch === undefined || ifMatch === "*") return owned(userId, id);
  return and(owned(userId, id), ifMatch.length ? revisionIn(ifMatch) : sql`false`)!;
}

// Statements are prepared once per connection and kept (db/gated-client.ts), one per SQL
// text, and `in ($1, ..., $n)` is a new text for every n (up to what a header holds, each
// larger than the last). One array parameter is one text for every list: written as an
// array literal, which both drivers pass as it is (revisions are integers).
const revisionIn = (revisions: number[]) => sql`${tasks.revision} = any(${`{${revisions.join(",")}}`}::bigint[])`;

// Strictly later than the previous write even within one millisecond, so that clients
// can tell every modification by updatedAt.
const touched = sql`greatest(clock_timestamp(), ${tasks.updatedAt} + interval '1 millisecond')`;

export async function getTask(userId: string, id: string, options: StoreOptions = {}): Promise<Task> {
  const exec = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(exec, userId);
  const [task] = await exec.select().from(tasks).where(owned(userId, id));
  if (!task) throw await taskMiss(exec, userId);
  return task;
}

/**
 * One statement: the owner's counter moves (revision and task count) and the task is
 * inserted from what it yields. With MAX_TASKS_PER_USER, a full account's counter yields
 * nothing, nothing is inserted, and the create is a 422 (revision.ts).
 */
export async function createTask(userId: string, body: CreateTaskBody, options: StoreOptions = {}): Promise<Task> {
  const exec = options.db ?? (await database());
  const cap = taskCap();
  const id = newTaskId();
  // The id's own timestamp: within one millisecond the list then keeps creation order.
  const createdAt = timeOfTaskId(id);
  const revision = nextRevision(exec, userId, { cap });
  const [task] = await exec
    .with(revision)
    .insert(tasks)
    .select(
      selectFrom(revision, {
        id,
        userId,
        title: body.title,
        description: body.description ?? null,
        priority: body.priority ?? null,
        dueDate: body.dueDate ?? null,
        completed: body.completed ?? false,
        createdAt,
        updatedAt: createdAt,
        revision: sql`revision`,
      }),
    )
    .returning();
  if (!task) throw taskLimitReached(cap!);
  return task;
}

// `select <the row's values, in the table's column order> from <cte>`: an insert that
// happens once per row the CTE yields, and not at all when it yields none.
function selectFrom(cte: NextRevision, row: { [K in keyof NewTask]-?: NewTask[K] | SQL }): SQL {
  const values = Object.entries(getTableColumns(tasks)).map(([key, column]) => {
    const value = row[key as keyof NewTask];
    return is(value, SQL) ? value : sql.param(value, column);
  });
  return sql`select ${sql.join(values, sql`, `)} from ${cte}`;
}

/** PUT and PATCH: change the given fields of one of the caller's tasks. */
export async function updateTask(
  userId: string,
  id: string,
  changes: ReplaceTaskBody | UpdateTaskBody,
  options: WriteOptions = {},
): Promise<Task> {
  return writeTask(userId, id, options, definedOnly(changes));
}

/** Sets completion, or toggles it when `completed` is undefined. */
export async function setTaskCompleted(
  userId: string,
  id: string,
  completed: boolean | undefined,
  options: WriteOptions = {},
): Promise<Task> {
  return writeTask(userId, id, options, { completed: completed ?? sql`not ${tasks.completed}` });
}

async function writeTask(
  userId: string,
  id: string,
  options: WriteOptions,
  set: TaskChanges,
): Promise<Task> {
  const db = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(db, userId);
  const revision = nextRevision(db, userId);
  const [task] = await db
    .with(revision)
    .update(tasks)
    .set({ ...set, updatedAt: touched, revision: revisionOf(revision) })
    .where(ownedAt(userId, id, options.ifMatch))
    .returning();
  if (!task) throw await missOrConflict(db, userId, id, options.ifMatch);
  return task;
}

/** Deletes one of the caller's tasks, leaving a tombstone for the change feed. */
export async function deleteTask(userId: string, id: string, options: WriteOptions = {}): Promise<void> {
  const db = options.db ?? (await database());
  if (!isUuid(id)) throw await taskMiss(db, userId);
  const deleted = await deleteWithTombstones(db, userId, ownedAt(userId, id, options.ifMatch));
  if (deleted === 0) throw await missOrConflict(db, userId, id, options.ifMatch);
}

/** DELETE /api/tasks?status=completed: all of the caller's completed tasks, one statement. */
export async function clearCompletedTasks(userId: string): Promise<number> {
  const db = await database();
  const deleted = await deleteWithTombstones(db, userId, and(eq(tasks.userId, userId), eq(tasks.completed, true))!);
  if (deleted === 0) await assertOwnerExists(db, userId);
  return deleted;
}

/**
 * Deletes the matching tasks and leaves a tombstone for each, in one statement. The
 * owner's counter moves by the number deleted, so every tombstone gets a revision of its
 * own: the change feed can then page through them one revision at a time. The tombstones
 * are then compacted if the owner has too many or too old ones (tombstones.ts).
 */
async function deleteWithTombstones(db: Executor, userId: string, where: SQL): Promise<number> {
  // Lock order matters: every task write takes the owner's counter row first and the task
  // rows after (updates and inserts compute their revision before touching the row). The
  // "locked" guard makes this delete do the same, so that concurrent writes of one user
  // queue on the counter instead of deadlocking. A user with tasks has a counter row.
  const result: unknown = await db.execute(sql`
    with locked as (
      select 1 from ${taskCounters} where user_id = ${userId} for update
    ), gone as (
      delete from ${tasks} where ${where} and exists (select 1 from locked) returning ${tasks.id} as id
    ), numbered as (
      select id, row_number() over (order by id) as n, count(*) over () as total from gone
    ), counter as (
      insert into ${taskCounters} (user_id, revision, tombstone_count)
      select ${userId}, count(*), count(*) from gone having count(*) > 0
      on conflict (user_id) do update set revision = ${taskCounters.revision} + excluded.revision,
        task_count = ${taskCounters.taskCount} - excluded.revision,
        tombstone_count = ${taskCounters.tombstoneCount} + excluded.tombstone_count
      returning revision, tombstone_count
    )
    insert into ${taskTombstones} (user_id, task_id, revision)
    select ${userId}, numbered.id, counter.revision - numbered.total + numbered.n
    from numbered, counter
    returning task_id, (select tombstone_count from counter) as tombstones, ${oldestTombstoneExpired(userId)} as "oldestExpired"`);
  const buried = rowsOf<TombstoneState>(result);
  if (buried[0]) await compactIfDue(db, userId, buried[0]);
  return buried.length;
}

/** After a write matched nothing: 412 with the current revision if the task is there, else 404. */
async function missOrConflict(db: Executor, userId: string, id: string, ifMatch: Precondition | undefined) {
  if (ifMatch === undefined) return taskMiss(db, userId);
  const [current] = await db.select({ revision: tasks.revision }).from(tasks).where(owned(userId, id));
  if (!current) return taskMiss(db, userId);
  return new AppError("precondition_failed", "The task has changed since that ETag; fetch it again.", undefined, {
    revision: current.revision,
  });
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
