import { listTasksQuery, taskSummaryQuery } from "@/lib/tasks/list-query";
import { BATCH_MAX, clearTasksQuery, taskChangesQuery } from "@/lib/tasks/schemas";
import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import { queryParameters } from "./parameters";
import type { Paths } from "./types";

// The collection: /api/tasks and the routes beside it (summary, changes, batch).

export function taskCollectionPaths(): Paths {
  return {
    "/api/tasks": {
      get: operation({
        id: "listTasks",
        summary: "List the tasks of your lists",
        description:
          "The tasks of every list you are a member of (owned and shared), or of one with `listId`. " +
          "Newest first, one keyset page at a time: pass `nextCursor` back as `cursor` until it is null. " +
          "Walking every page returns each task exactly once, even while tasks are added.",
        tag: "tasks",
        parameters: queryParameters(listTasksQuery),
        responses: { 200: { description: "One page of tasks.", schema: "TaskPage" } },
        problems: ["invalid_query", "not_found", ...SIGNED_IN],
      }),
      post: operation({
        id: "createTask",
        summary: "Create a task",
        description:
          "Unknown and server-owned fields (`id`, `userId`, `createdAt`...) are refused by name. In the caller's Inbox, " +
          "or in `listId`: a list the caller is not a member of is a 404, one they only view a 403.",
        tag: "tasks",
        parameters: [ref.parameter("IdempotencyKey")],
        body: { schema: "CreateTaskBody" },
        responses: {
          201: {
            description: "The new task.",
            schema: "Task",
            headers: { Location: ref.header("Location"), ETag: ref.header("ETag") },
          },
        },
        problems: ["invalid_header", "not_found", "forbidden", "idempotency_key_reused", "task_limit_reached", "tag_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
      delete: operation({
        id: "clearCompletedTasks",
        summary: "Delete the completed tasks of your lists",
        description:
          "Only `status=completed` is accepted: there is no way to delete every task by accident. Without `listId`, " +
          "every list you may edit (lists you only view are left alone).",
        tag: "tasks",
        parameters: queryParameters(clearTasksQuery),
        responses: { 200: { description: "How many were deleted.", schema: "ClearedTasks" } },
        problems: ["invalid_query", "not_found", "forbidden", ...CHANGE],
      }),
    },
    "/api/tasks/summary": {
      get: operation({
        id: "summarizeTasks",
        summary: "Count the tasks of your lists",
        description: "Over every list you are a member of, or one with `listId`.",
        tag: "tasks",
        parameters: queryParameters(taskSummaryQuery),
        responses: { 200: { description: "The counts.", schema: "TaskSummary" } },
        problems: ["invalid_query", "not_found", ...SIGNED_IN],
      }),
    },
    "/api/tasks/changes": {
      get: operation({
        id: "listTaskChanges",
        summary: "What changed since a sync token",
        description:
          "For clients that keep a copy: without `since`, every task (and a token); with the token from the last " +
          "call, the tasks created or changed and the ids deleted since. Call again with `next` while `hasMore`. " +
          "Deleted tasks' tombstones are kept for `SYNC_TOMBSTONE_DAYS` and at most `SYNC_TOMBSTONES_PER_USER` per " +
          "account: a token older than the oldest kept is a 410 `sync-token-expired`; sync again without `since` and " +
          "replace the copy with what that returns.",
        tag: "tasks",
        parameters: queryParameters(taskChangesQuery),
        responses: { 200: { description: "The changes, oldest first.", schema: "TaskChanges" } },
        problems: ["invalid_query", "sync_token_expired", ...SIGNED_IN],
      }),
    },
    "/api/tasks/batch": {
      post: operation({
        id: "batchTasks",
        summary: "Run several changes at once, all or nothing",
        description:
          `Up to ${BATCH_MAX} operations (create, update, complete, delete) in one transaction. When one fails, ` +
          "nothing is written: the problem's `detail` names the failing operation's index, and a validation error's " +
          "`errors[].path` starts with it (`operations.57.body.title`).",
        tag: "tasks",
        body: { schema: "BatchBody" },
        responses: { 200: { description: "One result per operation, in order.", schema: "BatchResponse" } },
        // No 412: operations carry no If-Match (yet).
        problems: [...JSON_BODY, "not_found", "task_limit_reached", "tag_limit_reached", ...CHANGE],
      }),
    },
  };
}
