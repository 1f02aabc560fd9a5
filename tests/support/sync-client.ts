import { eq } from "drizzle-orm";
import { database } from "@/db/client";
import { taskTombstones } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { listChanges } from "@/lib/tasks/changes";
import { listTasks } from "@/lib/tasks/list";
import { taskJson, type TaskJson } from "@/lib/tasks/responses";

// A client of the change feed as the README tells one to be, for the data-layer sync tests:
// it applies each page in order, and starts again from nothing when its token has expired.

export type SyncClient = { tasks: Map<string, TaskJson>; token: string | undefined; resyncs: number };

export const newSyncClient = (): SyncClient => ({ tasks: new Map(), token: undefined, resyncs: 0 });

/** Pages until hasMore is false; an expired token makes it drop its copy and sync from scratch. */
export async function syncToEnd(userId: string, client: SyncClient, limit: number): Promise<void> {
  for (;;) {
    let page;
    try {
      page = await listChanges(userId, { since: client.token, limit });
    } catch (error) {
      if (!(error instanceof AppError && error.code === "sync_token_expired") || client.token === undefined) throw error;
      Object.assign(client, { tasks: new Map(), token: undefined, resyncs: client.resyncs + 1 });
      continue;
    }
    for (const task of page.tasks) client.tasks.set(task.id, task);
    for (const id of page.deleted) client.tasks.delete(id);
    client.token = page.next;
    if (!page.hasMore) return;
  }
}

/** Every task of the user, by walking the list: what a synced copy must equal. */
export async function serverState(userId: string): Promise<Map<string, TaskJson>> {
  const state = new Map<string, TaskJson>();
  let cursor: string | undefined;
  do {
    const page = await listTasks(userId, { status: "all", limit: 100, cursor });
    for (const task of page.items) state.set(task.id, taskJson(task));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return state;
}

/** The user's rows in task_tombstones, counted directly. */
export async function tombstonesOf(userId: string): Promise<number> {
  const db = await database();
  return (await db.select({ id: taskTombstones.taskId }).from(taskTombstones).where(eq(taskTombstones.userId, userId))).length;
}
