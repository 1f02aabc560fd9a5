import { withUser } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { createdTaskResponse, taskPageResponse } from "@/lib/http/responses";
import { listTasksQuery } from "@/lib/tasks/list-query";
import { createTaskBody } from "@/lib/tasks/schemas";
import { listTasks } from "@/lib/tasks/list";
import { createTask } from "@/lib/tasks/store";

// GET /api/tasks: the caller's tasks, newest first, one page ({ items, nextCursor })
export const GET = withUser(async (req, { user }) => {
  const query = readQuery(req, listTasksQuery);
  return taskPageResponse(await listTasks(user.id, query));
});

// POST /api/tasks: create a task; 201 with Location
export const POST = withUser(async (req, { user }) => {
  const body = await readJson(req, createTaskBody);
  return createdTaskResponse(await createTask(user.id, body));
});
