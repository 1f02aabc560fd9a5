import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { listPageResponse, listResponse } from "@/lib/http/list-responses";
import { otherMethods } from "@/lib/http/methods";
import { createList, listLists } from "@/lib/lists/lists";
import { createListBody, listListsQuery } from "@/lib/lists/schemas";

// GET /api/lists: the caller's lists, Inbox first, then owned, then shared; one page ({ items, nextCursor })
export const GET = withUser(async (req, { user }) => {
  return listPageResponse(await listLists(user.id, readQuery(req, listListsQuery)));
});

// POST /api/lists: create a list the caller owns; 201 with Location and ETag
export const POST = withUser(async (req, { user }) => {
  const body = await readJson(req, createListBody);
  return listResponse(await createList(user.id, body), undefined, 201);
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
