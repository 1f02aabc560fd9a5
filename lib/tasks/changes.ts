import { and, asc, eq, gt, sql } from "drizzle-orm";
import { database, type Executor } from "@/db/client";
import { taskCounters, tasks, taskTombstones, type Task } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assertOwnerExists } from "./owner";
import { taskJson, type TaskChangesJson } from "./responses";
import type { TaskChangesQuery } from "./schemas";

// The change feed behind GET /api/tasks/changes. Every task write stamps the task (or its
// tombstone) with the owner's next revision, in commit order (revision.ts), so "everything
// with a revision above N" is exactly what a client that has seen up to N is missing.
//
// Tombstones are compacted (tombstones.ts): none at or below the owner's horizon remains.
// A client whose deletions stop below it may be missing some, and is told to start again.

/**
 * Where a client stands: it has every task written up to `tasks`, and every deletion up
 * to `deletions` (never below `tasks`). The two differ only while a first sync is paged:
 * its pages come from snapshots in which the client's tasks were alive, so the deletions
 * it may lack are the later ones, whatever revision its tasks have reached.
 */
export type SyncPosition = { tasks: number; deletions: number };

const TOKEN = /^r(\d{1,15})(?:d(\d{1,15}))?$/;

/** `r<tasks>`, or `r<tasks>d<deletions>` when they differ, in base64url. */
export function encodeSyncToken(position: number | SyncPosition): string {
  const { tasks, deletions } = typeof position === "number" ? { tasks: position, deletions: position } : position;
  return Buffer.from(`r${tasks}${deletions === tasks ? "" : `d${deletions}`}`).toString("base64url");
}

export function decodeSyncToken(token: string): SyncPosition {
  const match = TOKEN.exec(Buffer.from(token, "base64url").toString("utf8"));
  const tasks = Number(match?.[1]);
  const position = { tasks, deletions: match?.[2] === undefined ? tasks : Number(match[2]) };
  if (!match || position.deletions < position.tasks || encodeSyncToken(position) !== token) {
    throw new AppError("invalid_query", "The since token is not one this API returned.", [
      { path: "since", message: "Invalid sync token." },
    ]);
  }
  return position;
}

function syncTokenExpired(): AppError {
  return new AppError(
    "sync_token_expired",
    "This sync token is older than the deletions the server keeps: sync again without since, and replace your copy with what that returns.",
    [{ path: "since", message: "Expired: sync again without it." }],
  );
}

type Change = { revision: number; task: Task } | { revision: number; deleted: string };

export async function listChanges(userId: string, query: TaskChangesQuery): Promise<TaskChangesJson> {
  const since = query.since === undefined ? undefined : decodeSyncToken(query.since);
  const db = await database();
  // Every read in one snapshot: a write committing between them would otherwise be
  // skipped, and a compaction could remove tombstones after the horizon was checked.
  const feed = await db.transaction((tx) => readChanges(tx, userId, since, query.limit), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
  if (feed.changes.length === 0) await assertOwnerExists(db, userId);
  const hasMore = feed.changes.length > query.limit;
  const page = feed.changes.slice(0, query.limit);
  return {
    tasks: page.flatMap((c) => ("task" in c ? [taskJson(c.task)] : [])),
    deleted: page.flatMap((c) => ("deleted" in c ? [c.deleted] : [])),
    // The last page brings the client to the snapshot's revision, past revisions overwritten
    // or compacted since its last change: an account whose changes are all gone still gets
    // a token at or above its horizon.
    next: encodeSyncToken(hasMore ? after(feed.from, page.at(-1)!.revision) : feed.current),
    hasMore,
  };
}

// Where a page that ends at `last` leaves the client: with every task up to it, and every
// deletion up to it or up to where it already was.
function after(from: SyncPosition, last: number): SyncPosition {
  return { tasks: last, deletions: Math.max(from.deletions, last) };
}

async function readChanges(db: Executor, userId: string, since: SyncPosition | undefined, limit: number) {
  const [counter] = await db
    .select({ revision: sql<number>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`.mapWith(Number), horizon: taskCounters.horizon })
    .from(taskCounters)
    .where(eq(taskCounters.userId, userId));
  const current = counter?.revision ?? 0;
  if (since && since.deletions < (counter?.horizon ?? 0)) throw syncTokenExpired();
  // A first sync has no task yet (those from before revisions existed carry revision 0, so
  // it starts below that) and no deletion to learn of up to now.
  const from = since ?? { tasks: -1, deletions: current };
  const changed = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.userId, userId), gt(tasks.txid, from.tasks)))
    .orderBy(asc(tasks.txid))
    .limit(limit + 1);
  // Revisions are unique per user (store.ts), so a page may end anywhere.
  const deleted =
    from.deletions >= current
      ? []
      : await db
          .select({ taskId: taskTombstones.taskId, revision: taskTombstones.txid })
          .from(taskTombstones)
          .where(and(eq(taskTombstones.userId, userId), gt(taskTombstones.txid, from.deletions)))
          .orderBy(asc(taskTombstones.txid))
          .limit(limit + 1);
  const changes: Change[] = [
    ...changed.map((task) => ({ revision: task.txid, task })),
    ...deleted.map((d) => ({ revision: d.revision, deleted: d.taskId })),
  ].sort((a, b) => a.revision - b.revision);
  return { changes, from, current };
}
