import { withUser } from "@/lib/http/handler";
import { readQuery } from "@/lib/http/read-query";
import { taskSummaryQuery } from "@/lib/tasks/list-query";
import { summarizeTasks } from "@/lib/tasks/summary";

// GET /api/tasks/summary?tz=Europe/Paris: the caller's { total, pending, completed, overdue, dueToday }
export const GET = withUser(async (req, { user }) => {
  const { tz } = readQuery(req, taskSummaryQuery);
  return Response.json(await summarizeTasks(user.id, tz));
});
