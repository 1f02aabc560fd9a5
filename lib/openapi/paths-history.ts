import { listCommentsQuery } from "@/lib/comments/schemas";
import { historyQuery } from "@/lib/history/schemas";
import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import { queryParameters } from "./parameters";
import type { Paths } from "./types";

// A task's comments and history, and a list's activity. Each is reached through its task
// (or list): one the caller cannot see is a 404, as for one that does not exist; a comment
// under another task is a 404 too. History is append-only: no operation changes it.

const task = ref.parameter("TaskId");

export function historyPaths(): Paths {
  return {
    "/api/tasks/{id}/comments": {
      get: operation({
        id: "listComments",
        summary: "List a task's comments",
        description: "Any member of the task's list. Oldest first; pass `nextCursor` back as `cursor` until it is null.",
        tag: "tasks",
        parameters: [task, ...queryParameters(listCommentsQuery)],
        responses: { 200: { description: "One page of comments.", schema: "CommentPage" } },
        problems: ["not_found", "invalid_query", ...SIGNED_IN],
      }),
      post: operation({
        id: "addComment",
        summary: "Comment on a task",
        description: "Editors and above (a viewer: 403). At most MAX_COMMENTS_PER_TASK per task (422 beyond). The task's commentCount and ETag move; its updatedAt does not.",
        tag: "tasks",
        parameters: [task],
        body: { schema: "CreateCommentBody" },
        responses: { 201: { description: "The comment.", schema: "Comment", headers: { Location: ref.header("Location") } } },
        problems: ["not_found", "forbidden", "comment_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
    },
    "/api/tasks/{id}/comments/{commentId}": {
      patch: operation({
        id: "editComment",
        summary: "Change a comment",
        description: "Its author only (anyone else: 403), while an editor or above. Sets `editedAt`.",
        tag: "tasks",
        parameters: [task, ref.parameter("CommentId")],
        body: { schema: "UpdateCommentBody" },
        responses: { 200: { description: "The comment as stored.", schema: "Comment" } },
        problems: ["not_found", "forbidden", ...JSON_BODY, ...CHANGE],
      }),
      delete: operation({
        id: "deleteComment",
        summary: "Delete a comment",
        description: "Its author (an editor or above), or the list's admins and owner. The task's commentCount and ETag move.",
        tag: "tasks",
        parameters: [task, ref.parameter("CommentId")],
        responses: { 204: { description: "Deleted." } },
        problems: ["not_found", "forbidden", ...CHANGE],
      }),
    },
    "/api/tasks/{id}/history": {
      get: operation({
        id: "taskHistory",
        summary: "A task's history",
        description:
          "Any member of the task's list: every change made to it in this list (and its move into it), newest first, " +
          "with who made it and, for updates, each field's `{ from, to }`.",
        tag: "tasks",
        parameters: [task, ...queryParameters(historyQuery)],
        responses: { 200: { description: "One page of entries.", schema: "HistoryPage" } },
        problems: ["not_found", "invalid_query", ...SIGNED_IN],
      }),
    },
    "/api/lists/{id}/activity": {
      get: operation({
        id: "listActivity",
        summary: "A list's activity",
        description:
          "The list's admins and owner (an editor or viewer: 403). Its tasks' events, deleted tasks included (by the title " +
          "they had), moves in and out, and membership events (invited, joined, left, removed, role_changed; a transfer " +
          "is two role changes). Newest first.",
        tag: "lists",
        parameters: [ref.parameter("ListId"), ...queryParameters(historyQuery)],
        responses: { 200: { description: "One page of entries.", schema: "ActivityPage" } },
        problems: ["not_found", "forbidden", "invalid_query", ...SIGNED_IN],
      }),
    },
  };
}
