import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import type { TagJson } from "@/lib/tags/responses";
import { updateTagBody } from "@/lib/tags/schemas";
import { deleteTag, updateTag } from "@/lib/tags/tags";

type Params = { id: string; tagId: string };

// PATCH /api/lists/:id/tags/:tagId: rename or recolour (editor or above); every task carrying it shows the change
export const PATCH = withUser<Params>(async (req, { user, params }) => {
  const patch = await readJson(req, updateTagBody);
  return Response.json((await updateTag(user.id, params.id, params.tagId, patch)) satisfies TagJson);
});

// DELETE /api/lists/:id/tags/:tagId: delete it, and take it off every task (editor or above); 204
export const DELETE = withUser<Params>(async (_req, { user, params }) => {
  await deleteTag(user.id, params.id, params.tagId);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
