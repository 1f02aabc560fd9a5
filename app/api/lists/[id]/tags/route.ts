import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { otherMethods } from "@/lib/http/methods";
import type { TagJson, TagListJson } from "@/lib/tags/responses";
import { createTagBody } from "@/lib/tags/schemas";
import { createTag, listTags } from "@/lib/tags/tags";

type Params = { id: string };

// GET /api/lists/:id/tags: every tag of the list with its task count (any member)
export const GET = withUser<Params>(async (_req, { user, params }) => {
  return Response.json({ items: await listTags(user.id, params.id) } satisfies TagListJson);
});

// POST /api/lists/:id/tags: create a tag (editor or above); 201 with Location
export const POST = withUser<Params>(async (req, { user, params }) => {
  const body = await readJson(req, createTagBody);
  const tag = await createTag(user.id, params.id, body);
  return Response.json(tag satisfies TagJson, { status: 201, headers: { Location: `/api/lists/${params.id}/tags/${tag.id}` } });
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
