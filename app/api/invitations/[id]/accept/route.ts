import { withUser } from "@/lib/http/with-user";
import { listResponse } from "@/lib/http/list-responses";
import { otherMethods } from "@/lib/http/methods";
import { acceptInvitation } from "@/lib/lists/invitations";

// POST /api/invitations/:id/accept: join the list with the invitation's role; 200 with the list
export const POST = withUser<{ id: string }>(async (_req, { user, params }) => {
  return listResponse(await acceptInvitation(user.id, params.id));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
