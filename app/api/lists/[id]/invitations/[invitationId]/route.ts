import { withUser } from "@/lib/http/with-user";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import { cancelInvitation } from "@/lib/lists/invitations";

// DELETE /api/lists/:id/invitations/:invitationId: cancel (the inviter, an admin or the owner); 204
export const DELETE = withUser<{ id: string; invitationId: string }>(async (_req, { user, params }) => {
  await cancelInvitation(user.id, params.id, params.invitationId);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods("DELETE");
