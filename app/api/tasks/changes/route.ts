import { withUser } from "@/lib/http/with-user";
import { readQuery } from "@/lib/http/read-query";
import { listChanges } from "@/lib/tasks/changes";
import { taskChangesQuery } from "@/lib/tasks/schemas";
import { otherMethods } from "@/lib/http/methods";

// GET /api/tasks/changes?since=<token>: tasks written and ids deleted since the token
export const GET = withUser(async (req, { user }) => {
  const query = readQuery(req, taskChangesQuery);
  return Response.json(await listChanges(user.id, query));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
