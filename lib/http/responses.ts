import type { TaggedTask } from "@/lib/tags/of-task";
import { matches, type Precondition } from "@/lib/tasks/precondition";
import type { TaskPage } from "@/lib/tasks/list";
import { taskJson, type TaskJson, type TaskPageJson } from "@/lib/tasks/responses";
import { etagOf } from "./etag";

/** One task with its ETag; a GET whose If-None-Match matches gets 304 and no body. */
export function taskResponse(task: TaggedTask, ifNoneMatch?: Precondition): Response {
  const etag = etagOf(task);
  if (ifNoneMatch && matches(ifNoneMatch, task)) return new Response(null, { status: 304, headers: { ETag: etag } });
  return Response.json(taskJson(task), { headers: { ETag: etag } });
}

/** What POST /api/tasks answers: kept per Idempotency-Key and replayed to retries (lib/tasks/idempotency.ts). */
export type CreatedTask = { task: TaskJson; etag: string };
/** What a replay may find stored: a record kept before tasks had tags and comments lacks both. */
type StoredTask = { task: Omit<TaskJson, "tags" | "commentCount"> & Partial<Pick<TaskJson, "tags" | "commentCount">>; etag: string };

export function createdTask(task: TaggedTask): CreatedTask {
  return { task: taskJson(task), etag: etagOf(task) };
}

/**
 * A created task's answer, a replayed one too. One stored before tasks had tags and comments
 * lacks those fields: the task then had neither (there were no tags or comments to have),
 * so a replay answers exactly that, [] and 0, as the first response would have.
 */
export function createdTaskResponse(created: CreatedTask | StoredTask): Response {
  const task: TaskJson = { ...created.task, tags: created.task.tags ?? [], commentCount: created.task.commentCount ?? 0 };
  return Response.json(task, {
    status: 201,
    headers: { Location: `/api/tasks/${created.task.id}`, ETag: created.etag },
  });
}

export function taskPageResponse(page: TaskPage): Response {
  const body: TaskPageJson = { items: page.items.map(taskJson), nextCursor: page.nextCursor };
  return Response.json(body);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
