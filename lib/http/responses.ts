import type { Task } from "@/db/schema";
import { matches, type Precondition } from "@/lib/tasks/precondition";
import type { TaskPage } from "@/lib/tasks/list";
import { taskJson, type TaskJson, type TaskPageJson } from "@/lib/tasks/responses";
import { etagOf } from "./etag";

/** One task with its ETag; a GET whose If-None-Match matches gets 304 and no body. */
export function taskResponse(task: Task, ifNoneMatch?: Precondition): Response {
  const etag = etagOf(task);
  if (ifNoneMatch && matches(ifNoneMatch, task)) return new Response(null, { status: 304, headers: { ETag: etag } });
  return Response.json(taskJson(task), { headers: { ETag: etag } });
}

/** What POST /api/tasks answers: kept per Idempotency-Key and replayed to retries (lib/tasks/idempotency.ts). */
export type CreatedTask = { task: TaskJson; etag: string };

export function createdTask(task: Task): CreatedTask {
  return { task: taskJson(task), etag: etagOf(task) };
}

export function createdTaskResponse(created: CreatedTask): Response {
  return Response.json(created.task, {
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
