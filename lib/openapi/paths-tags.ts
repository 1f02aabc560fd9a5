import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import type { Paths } from "./types";

// A list's tags (/api/lists/{id}/tags). A tag is found through its list: one of another
// list is a 404, as is a list the caller is not a member of.

const list = ref.parameter("ListId");
const tag = ref.parameter("TagId");

export function tagPaths(): Paths {
  return {
    "/api/lists/{id}/tags": {
      get: operation({
        id: "listTags",
        summary: "List a list's tags",
        description: "Any member. By name (case and accents ignored), each with how many of the list's tasks carry it.",
        tag: "tags",
        parameters: [list],
        responses: { 200: { description: "Every tag of the list.", schema: "TagList" } },
        problems: ["not_found", ...SIGNED_IN],
      }),
      post: operation({
        id: "createTag",
        summary: "Create a tag",
        description:
          "Editors and above (a viewer: 403). A name the list already has, ignoring case and accents, is a 409 naming `name`; " +
          "at most MAX_TAGS_PER_LIST tags per list (422). Tasks also create tags, by naming them in `tags`.",
        tag: "tags",
        parameters: [list],
        body: { schema: "CreateTagBody" },
        responses: { 201: { description: "The tag.", schema: "Tag", headers: { Location: ref.header("Location") } } },
        problems: ["not_found", "forbidden", "conflict", "tag_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
    },
    "/api/lists/{id}/tags/{tagId}": {
      patch: operation({
        id: "updateTag",
        summary: "Rename or recolour a tag",
        description:
          "Editors and above. Every task carrying it shows the new name or colour at once, with a new ETag, and comes again " +
          "in the change feed. Another tag's name: 409.",
        tag: "tags",
        parameters: [list, tag],
        body: { schema: "UpdateTagBody" },
        responses: { 200: { description: "The tag as it is now.", schema: "Tag" } },
        problems: ["not_found", "forbidden", "conflict", ...JSON_BODY, ...CHANGE],
      }),
      delete: operation({
        id: "deleteTag",
        summary: "Delete a tag",
        description: "Editors and above. It comes off every task carrying it (each with a new ETag, again in the change feed).",
        tag: "tags",
        parameters: [list, tag],
        responses: { 204: { description: "Deleted." } },
        problems: ["not_found", "forbidden", ...CHANGE],
      }),
    },
  };
}
