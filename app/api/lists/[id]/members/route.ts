import { withUser } from "@/lib/http/with-user";
import { otherMethods } from "@/lib/http/methods";
import { listMembersOf } from "@/lib/lists/members";
import type { MemberListJson } from "@/lib/lists/responses";

// GET /api/lists/:id/members: every member of the list with their role (any member)
export const GET = withUser<{ id: string }>(async (_req, { user, params }) => {
  return Response.json({ items: await listMembersOf(user.id, params.id) } satisfies MemberListJson);
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
