import { withUser } from "@/lib/http/handler";
import { readQuery } from "@/lib/http/read-query";
import { listChanges } from "@/lib/tasks/changes";
import { taskChangesQuery } from "@/lib/tasks/schemas";

// GET /api/tasks/changes?since=<token>: tasks written and ids deleted since the token
export const GET = withUser(async (req, { user }) => {
  const query = readQuery(req, taskChangesQuery);
  return Response.json(await listChanges(user.id, query));
});
