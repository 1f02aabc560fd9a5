import { ifMatch } from "@/lib/http/conditional";
import { withUser } from "@/lib/http/with-user";
import { readOptionalJson } from "@/lib/http/read-json";
import { taskResponse } from "@/lib/http/responses";
import { completeTaskBody } from "@/lib/tasks/schemas";
import { setTaskCompleted } from "@/lib/tasks/store";
import { otherMethods } from "@/lib/http/methods";

// PATCH /api/tasks/:id/complete: set completion ({ completed }) or, with no body, toggle it; If-Match
export const PATCH = withUser<{ id: string }>(async (req, { user, params }) => {
  const body = await readOptionalJson(req, completeTaskBody);
  return taskResponse(await setTaskCompleted(user.id, params.id, body?.completed, { ifMatch: ifMatch(req) }));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, POST, PUT, DELETE, OPTIONS } = otherMethods("PATCH");
