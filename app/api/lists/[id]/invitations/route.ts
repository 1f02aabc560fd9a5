import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { createdInvitationResponse } from "@/lib/http/list-responses";
import { otherMethods } from "@/lib/http/methods";
import { createInvitation, listInvitationsOf } from "@/lib/lists/invitations";
import type { InvitationListJson } from "@/lib/lists/responses";
import { createInvitationBody } from "@/lib/lists/schemas";

type Params = { id: string };

// GET /api/lists/:id/invitations: the list's pending invitations (admin or owner)
export const GET = withUser<Params>(async (_req, { user, params }) => {
  return Response.json({ items: await listInvitationsOf(user.id, params.id) } satisfies InvitationListJson);
});

// POST /api/lists/:id/invitations: invite an email address with a role (admin or owner); 201
export const POST = withUser<Params>(async (req, { user, params }) => {
  const body = await readJson(req, createInvitationBody);
  return createdInvitationResponse(await createInvitation(user.id, params.id, body));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
