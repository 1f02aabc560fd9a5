import { and, asc, eq, gt } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { tasks, taskTombstones, type Task } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertOwnerExists } from "./owner";
import { taskJson, type TaskChangesJson } from "./responses";
import type { TaskChangesQuery } from "./schemas";

// The change feed behind GET /api/tasks/changes. Every task write stamps the task (or its
// tombstone) with the owner's next revision, in commit order (revision.ts), so "everything
// with a revision above N" is exactly what a client that has seen up to N is missing.

const TOKEN_PREFIX = "r";

export function encodeSyncToken(revision: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${revision}`).toString("base64url");
}

export function decodeSyncToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^r(\d{1,15})$/.exec(text);
  if (!match || encodeSyncToken(Number(match[1])) !== token) {
    throw new AppError("invalid_query", "The since token is not one this API returned.", [
      { path: "since", message: "Invalid sync token." },
    ]);
  }
  return Number(match[1]);
}

type Change = { revision: number; task: Task } | { revision: number; deleted: string };

export async function listChanges(userId: string, query: TaskChangesQuery): Promise<TaskChangesJson> {
  const since = query.since === undefined ? undefined : decodeSyncToken(query.since);
  const db = await database();
  // Both reads in one snapshot: a write committing between them would otherwise be skipped.
  const changes = await db.transaction((tx) => readChanges(tx, userId, since, query.limit), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
  if (changes.length === 0) await assertOwnerExists(db, userId);
  const hasMore = changes.length > query.limit;
  const page = changes.slice(0, query.limit);
  return {
    tasks: page.flatMap((c) => ("task" in c ? [taskJson(c.task)] : [])),
    deleted: page.flatMap((c) => ("deleted" in c ? [c.deleted] : [])),
    next: encodeSyncToken(page.at(-1)?.revision ?? since ?? 0),
    hasMore,
  };
}

async function readChanges(db: Executor, userId: string, since: number | undefined, limit: number): Promise<Change[]> {
  // Tasks from before revisions existed carry revision 0: a first sync starts below it.
  const after = since ?? -1;
  const changed = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.userId, userId), gt(tasks.revision, after)))
    .orderBy(asc(tasks.revision))
    .limit(limit + 1);
  // A first sync has nothing to delete; later ones need the tombstones since the token.
  // Revisions are unique per user (store.ts), so a page may end anywhere.
  const deleted =
    since === undefined
      ? []
      : await db
          .select({ taskId: taskTombstones.taskId, revision: taskTombstones.revision })
          .from(taskTombstones)
          .where(and(eq(taskTombstones.userId, userId), gt(taskTombstones.revision, after)))
          .orderBy(asc(taskTombstones.revision))
          .limit(limit + 1);
  const all: Change[] = [
    ...changed.map((task) => ({ revision: task.revision, task })),
    ...deleted.map((d) => ({ revision: d.revision, deleted: d.taskId })),
  ];
  return all.sort((a, b) => a.revision - b.revision);
}
