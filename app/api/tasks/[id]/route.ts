import { ifMatch, ifNoneMatch } from "@/lib/http/conditional";
import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { noContent, taskResponse } from "@/lib/http/responses";
import { replaceTaskBody, updateTaskBody } from "@/lib/tasks/schemas";
import { deleteTask, getTask, updateTask } from "@/lib/tasks/store";
import { otherMethods } from "@/lib/http/methods";

type Params = { id: string };

// GET /api/tasks/:id: one of the caller's tasks with its ETag; 304 if If-None-Match matches
export const GET = withUser<Params>(async (req, { user, params }) => {
  return taskResponse(await getTask(user.id, params.id), ifNoneMatch(req));
});

// PUT /api/tasks/:id: replace every writable field (omitted ones become null/false); If-Match
export const PUT = withUser<Params>(async (req, { user, params }) => {
  const body = await readJson(req, replaceTaskBody);
  return taskResponse(await updateTask(user.id, params.id, body, { ifMatch: ifMatch(req) }));
});

// PATCH /api/tasks/:id: change only the fields given; If-Match
export const PATCH = withUser<Params>(async (req, { user, params }) => {
  const patch = await readJson(req, updateTaskBody);
  return taskResponse(await updateTask(user.id, params.id, patch, { ifMatch: ifMatch(req) }));
});

// DELETE /api/tasks/:id: 204, then 404; If-Match
export const DELETE = withUser<Params>(async (req, { user, params }) => {
  await deleteTask(user.id, params.id, { ifMatch: ifMatch(req) });
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, OPTIONS } = otherMethods("GET", "PUT", "PATCH", "DELETE");
