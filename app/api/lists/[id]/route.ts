import { ifMatch, ifNoneMatch } from "@/lib/http/conditional";
import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { listResponse } from "@/lib/http/list-responses";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import { deleteList, getList, updateList } from "@/lib/lists/lists";
import { updateListBody } from "@/lib/lists/schemas";

type Params = { id: string };

// GET /api/lists/:id: one of the caller's lists with its ETag; 304 if If-None-Match matches
export const GET = withUser<Params>(async (req, { user, params }) => {
  return listResponse(await getList(user.id, params.id), ifNoneMatch(req));
});

// PATCH /api/lists/:id: rename or recolour (admin or owner); If-Match
export const PATCH = withUser<Params>(async (req, { user, params }) => {
  const patch = await readJson(req, updateListBody);
  return listResponse(await updateList(user.id, params.id, patch, ifMatch(req)));
});

// DELETE /api/lists/:id: the list and its tasks (owner only); 204; If-Match
export const DELETE = withUser<Params>(async (req, { user, params }) => {
  await deleteList(user.id, params.id, ifMatch(req));
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, OPTIONS } = otherMethods("GET", "PATCH", "DELETE");
