import { taskJson, type TaskPageJson } from "@/lib/tasks/schemas";
import type { Task } from "@/db/schema";
import type { TaskPage } from "@/lib/tasks/list";

export function taskResponse(task: Task, init?: ResponseInit): Response {
  return Response.json(taskJson(task), init);
}

export function createdTaskResponse(task: Task): Response {
  return taskResponse(task, { status: 201, headers: { Location: `/api/tasks/${task.id}` } });
}

export function taskPageResponse(page: TaskPage): Response {
  const body: TaskPageJson = { items: page.items.map(taskJson), nextCursor: page.nextCursor };
  return Response.json(body);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}
