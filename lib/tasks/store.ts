import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { database, type Database } from "@/db/client";
import { tasks, type Task } from "@/db/schema";
import { AppError } from "@/lib/http/problem";
import { decodeCursor, encodeCursor } from "./cursor";
import { isUuid, newTaskId, timeOfTaskId } from "./ids";
import type { CreateTaskBody, ListTasksQuery, ReplaceTaskBody, UpdateTaskBody } from "./schemas";

// The task data layer. Every function takes the caller's user id and every statement
// filters on it: another user's task is indistinguishable from a missing one.

export type TaskPage = { items: Task[]; nextCursor: string | null };

const notFound = () => new AppError("not_found", "No such task.");

function owned(userId: string, id: string): SQL {
  return and(eq(tasks.id, id), eq(tasks.userId, userId))!;
}

// Strictly later than the previous write even within one millisecond, so that clients
// can tell every modification by updatedAt.
const touched = sql`greatest(clock_timestamp(), ${tasks.updatedAt} + interval '1 millisecond')`;

/** The list query alone, so that its plan can be checked (tests/integration/store.test.ts). */
export function listTasksStatement(db: Database, userId: string, query: ListTasksQuery) {
  const filters: SQL[] = [eq(tasks.userId, userId)];
  if (query.status !== "all") filters.push(eq(tasks.completed, query.status === "completed"));
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    filters.push(
      or(lt(tasks.createdAt, after.createdAt), and(eq(tasks.createdAt, after.createdAt), lt(tasks.id, after.id)))!,
    );
  }
  return db
    .select()
    .from(tasks)
    .where(and(...filters))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(query.limit + 1);
}

/** The caller's tasks, newest first, one keyset page at a time. */
export async function listTasks(userId: string, query: ListTasksQuery): Promise<TaskPage> {
  const rows = await listTasksStatement(await database(), userId, query);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

export async function getTask(userId: string, id: string): Promise<Task> {
  if (!isUuid(id)) throw notFound();
  const db = await database();
  const [task] = await db.select().from(tasks).where(owned(userId, id));
  if (!task) throw notFound();
  return task;
}

export async function createTask(userId: string, body: CreateTaskBody): Promise<Task> {
  const db = await database();
  const id = newTaskId();
  const createdAt = timeOfTaskId(id);
  const [task] = await db
    .insert(tasks)
    .values({
      id,
      userId,
      title: body.title,
      description: body.description ?? null,
      priority: body.priority ?? null,
      dueDate: body.dueDate ?? null,
      completed: body.completed ?? false,
      // The id's own timestamp: within one millisecond the list then keeps creation order.
      createdAt,
      updatedAt: createdAt,
    })
    .returning();
  return task!;
}

/** PUT and PATCH: one statement that both checks ownership and writes. */
export async function updateTask(userId: string, id: string, changes: ReplaceTaskBody | UpdateTaskBody): Promise<Task> {
  if (!isUuid(id)) throw notFound();
  const db = await database();
  const [task] = await db
    .update(tasks)
    .set({ ...definedOnly(changes), updatedAt: touched })
    .where(owned(userId, id))
    .returning();
  if (!task) throw notFound();
  return task;
}

/** Sets completion, or toggles it when `completed` is undefined. */
export async function setTaskCompleted(userId: string, id: string, completed: boolean | undefined): Promise<Task> {
  if (!isUuid(id)) throw notFound();
  const db = await database();
  const [task] = await db
    .update(tasks)
    .set({ completed: completed ?? sql`not ${tasks.completed}`, updatedAt: touched })
    .where(owned(userId, id))
    .returning();
  if (!task) throw notFound();
  return task;
}

export async function deleteTask(userId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const db = await database();
  const deleted = await db.delete(tasks).where(owned(userId, id)).returning({ id: tasks.id });
  if (deleted.length === 0) throw notFound();
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
