import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { listResponse } from "@/lib/http/list-responses";
import { otherMethods } from "@/lib/http/methods";
import { transferList } from "@/lib/lists/transfer";
import { transferListBody } from "@/lib/lists/schemas";

// POST /api/lists/:id/transfer: the owner hands the list to a member and becomes an admin; 200 with the list
export const POST = withUser<{ id: string }>(async (req, { user, params }) => {
  const { userId } = await readJson(req, transferListBody);
  return listResponse(await transferList(user.id, params.id, userId));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
