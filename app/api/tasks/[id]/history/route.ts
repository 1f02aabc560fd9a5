import { withUser } from "@/lib/http/with-user";
import { readQuery } from "@/lib/http/read-query";
import { otherMethods } from "@/lib/http/methods";
import { taskHistory } from "@/lib/history/read";
import { historyQuery } from "@/lib/history/schemas";

// GET /api/tasks/:id/history: what happened to the task, newest first, one page; append-only
export const GET = withUser<{ id: string }>(async (req, { user, params }) => {
  const query = readQuery(req, historyQuery);
  return Response.json(await taskHistory(user.id, params.id, query));
});

// History is append-only: every other method is a 405 problem+json with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
