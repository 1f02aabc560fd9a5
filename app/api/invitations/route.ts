import { withUser } from "@/lib/http/with-user";
import { otherMethods } from "@/lib/http/methods";
import { receivedInvitations } from "@/lib/lists/invitations";

// GET /api/invitations: the caller's pending invitations (to their account's email)
export const GET = withUser(async (_req, { user }) => {
  return Response.json(await receivedInvitations(user.id));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
