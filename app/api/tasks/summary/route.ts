import { withUser } from "@/lib/http/with-user";
import { readQuery } from "@/lib/http/read-query";
import { taskSummaryQuery } from "@/lib/tasks/list-query";
import { summarizeTasks } from "@/lib/tasks/summary";
import { otherMethods } from "@/lib/http/methods";

// GET /api/tasks/summary?tz=Europe/Paris&listId=…: { total, pending, completed, overdue, dueToday }
// over the caller's lists (or one)
export const GET = withUser(async (req, { user }) => {
  const { tz, listId } = readQuery(req, taskSummaryQuery);
  return Response.json(await summarizeTasks(user.id, tz, listId));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
