import { listListsQuery } from "@/lib/lists/schemas";
import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import { queryParameters } from "./parameters";
import type { Paths } from "./types";

// Lists: /api/lists, /api/lists/{id} and its transfer. A list's answers carry its ETag (its
// name, colour and owner); PATCH and DELETE take If-Match.

const withETag = { ETag: ref.header("ETag") };
const conditional = { problemHeaders: { precondition_failed: withETag } };
const list = ref.parameter("ListId");

export function listPaths(): Paths {
  return {
    "/api/lists": {
      get: operation({
        id: "listLists",
        summary: "List your lists",
        description:
          "The lists you own and those shared with you: your Inbox first, then the lists you own, then the others, " +
          "each group by creation. Pass `nextCursor` back as `cursor` until it is null.",
        tag: "lists",
        parameters: queryParameters(listListsQuery),
        responses: { 200: { description: "One page of lists.", schema: "ListPage" } },
        problems: ["invalid_query", ...SIGNED_IN],
      }),
      post: operation({
        id: "createList",
        summary: "Create a list",
        description: "You own it. At most MAX_LISTS_PER_USER lists per owner (the Inbox included): 422 beyond.",
        tag: "lists",
        body: { schema: "CreateListBody" },
        responses: {
          201: { description: "The new list.", schema: "List", headers: { Location: ref.header("Location"), ...withETag } },
        },
        problems: ["list_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
    },
    "/api/lists/{id}": {
      get: operation({
        id: "getList",
        summary: "Get one list",
        description: "Any member. The ETag versions the name, colour and owner; the counts are read live.",
        tag: "lists",
        parameters: [list, ref.parameter("IfNoneMatch")],
        responses: {
          200: { description: "The list.", schema: "List", headers: withETag },
          304: { description: "Not modified: the client's copy (If-None-Match) is current.", headers: withETag },
        },
        problems: ["not_found", ...SIGNED_IN],
      }),
      patch: operation({
        id: "updateList",
        summary: "Rename or recolour a list",
        description: "Admins and the owner. The Inbox cannot be renamed (409); its colour can change.",
        tag: "lists",
        parameters: [list, ref.parameter("IfMatch")],
        body: { schema: "UpdateListBody" },
        responses: { 200: { description: "The list as stored.", schema: "List", headers: withETag } },
        problems: ["not_found", "forbidden", "conflict", "precondition_failed", ...JSON_BODY, ...CHANGE],
        ...conditional,
      }),
      delete: operation({
        id: "deleteList",
        summary: "Delete a list and its tasks",
        description: "The owner only (admins: 403). The Inbox cannot be deleted (409). Every member's next sync reports its tasks gone.",
        tag: "lists",
        parameters: [list, ref.parameter("IfMatch")],
        responses: { 204: { description: "Deleted; the list and its tasks are 404 from now on." } },
        problems: ["not_found", "forbidden", "conflict", "precondition_failed", ...CHANGE],
        ...conditional,
      }),
    },
    "/api/lists/{id}/transfer": {
      post: operation({
        id: "transferList",
        summary: "Give a list to another member",
        description:
          "The owner only. The member becomes the owner (the list's tasks count against their MAX_TASKS_PER_USER: 422 " +
          "if they would pass it), and the caller an admin. The Inbox cannot be transferred (409).",
        tag: "lists",
        parameters: [list],
        body: { schema: "TransferListBody" },
        responses: { 200: { description: "The list, as the caller (now an admin) sees it.", schema: "List", headers: withETag } },
        problems: ["not_found", "forbidden", "conflict", "task_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
    },
  };
}
