import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { tasks, type Task } from "@/db/schema";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ListTasksQuery } from "./list-query";

// Listing the caller's tasks: one keyset page at a time, always filtered on the owner.

export type TaskPage = { items: Task[]; nextCursor: string | null };

/** The list query alone, so that its plan can be checked (tests/integration/store.test.ts). */
export function listTasksStatement(db: Executor, userId: string, query: ListTasksQuery) {
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
