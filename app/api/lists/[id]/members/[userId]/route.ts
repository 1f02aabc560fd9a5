import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import { changeMemberRole, removeMember } from "@/lib/lists/members";
import type { MemberJson } from "@/lib/lists/responses";
import { updateMemberBody } from "@/lib/lists/schemas";

type Params = { id: string; userId: string };

// PATCH /api/lists/:id/members/:userId: change a member's role below owner (admin or owner)
export const PATCH = withUser<Params>(async (req, { user, params }) => {
  const { role } = await readJson(req, updateMemberBody);
  return Response.json((await changeMemberRole(user.id, params.id, params.userId, role)) satisfies MemberJson);
});

// DELETE /api/lists/:id/members/:userId: remove a member (admin or owner), or leave (oneself); 204
export const DELETE = withUser<Params>(async (_req, { user, params }) => {
  await removeMember(user.id, params.id, params.userId);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
