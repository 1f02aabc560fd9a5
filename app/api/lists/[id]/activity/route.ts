import { withUser } from "@/lib/http/with-user";
import { readQuery } from "@/lib/http/read-query";
import { otherMethods } from "@/lib/http/methods";
import { listActivity } from "@/lib/history/read";
import { historyQuery } from "@/lib/history/schemas";

// GET /api/lists/:id/activity: the list's task and membership events, newest first (admins and owner)
export const GET = withUser<{ id: string }>(async (req, { user, params }) => {
  const query = readQuery(req, historyQuery);
  return Response.json(await listActivity(user.id, params.id, query));
});

// History is append-only: every other method is a 405 problem+json with Allow.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
