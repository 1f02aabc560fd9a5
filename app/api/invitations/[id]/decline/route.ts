import { withUser } from "@/lib/http/with-user";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import { declineInvitation } from "@/lib/lists/invitations";

// POST /api/invitations/:id/decline: the invitation goes; 204
export const POST = withUser<{ id: string }>(async (_req, { user, params }) => {
  await declineInvitation(user.id, params.id);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
