import { idempotencyKey } from "@/lib/http/conditional";
import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { createdTask, createdTaskResponse, taskPageResponse } from "@/lib/http/responses";
import { createTaskOnce } from "@/lib/tasks/idempotency";
import { listTasks } from "@/lib/tasks/list";
import { listTasksQuery } from "@/lib/tasks/list-query";
import type { ClearedTasksJson } from "@/lib/tasks/responses";
import { clearTasksQuery, createTaskBody } from "@/lib/tasks/schemas";
import { clearCompletedTasks } from "@/lib/tasks/store";
import { otherMethods } from "@/lib/http/methods";

// GET /api/tasks: the tasks of the caller's lists (all, or listId's), filtered and sorted
// (newest first by default, by relevance with q), one page ({ items, nextCursor }); see
// lib/tasks/list-query.ts
export const GET = withUser(async (req, { user }) => {
  const query = readQuery(req, listTasksQuery);
  return taskPageResponse(await listTasks(user.id, query));
});

// POST /api/tasks: create a task; 201 with Location and ETag. A retry with the same
// Idempotency-Key gets the first response again.
export const POST = withUser(async (req, { user }) => {
  const key = idempotencyKey(req);
  const body = await readJson(req, createTaskBody);
  return createdTaskResponse(await createTaskOnce(user.id, body, key, createdTask));
});

// DELETE /api/tasks?status=completed&listId=…: clear the completed tasks of the lists the
// caller may edit (or of one); { deleted: n }
export const DELETE = withUser(async (req, { user }) => {
  const { listId } = readQuery(req, clearTasksQuery);
  return Response.json({ deleted: await clearCompletedTasks(user.id, listId) } satisfies ClearedTasksJson);
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
