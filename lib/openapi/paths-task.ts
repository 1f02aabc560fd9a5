import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import type { Paths } from "./types";

// One task: /api/tasks/{id} and /api/tasks/{id}/complete. Every answer with a task carries
// its ETag; every write takes If-Match, and a 412 carries the current ETag. A task of a list
// the caller only views is a 403 `forbidden` on every write.

const withETag = { ETag: ref.header("ETag") };
const conditional = { problemHeaders: { precondition_failed: withETag } };

export function taskItemPaths(): Paths {
  return {
    "/api/tasks/{id}": {
      get: operation({
        id: "getTask",
        summary: "Get one task",
        tag: "tasks",
        parameters: [ref.parameter("TaskId"), ref.parameter("IfNoneMatch")],
        responses: {
          200: { description: "The task.", schema: "Task", headers: withETag },
          304: { description: "Not modified: the client's copy (If-None-Match) is current.", headers: withETag },
        },
        problems: ["not_found", ...SIGNED_IN],
      }),
      put: operation({
        id: "replaceTask",
        summary: "Replace a task",
        description: "Sets every writable field: the ones omitted go back to null (or false for `completed`).",
        tag: "tasks",
        parameters: [ref.parameter("TaskId"), ref.parameter("IfMatch")],
        body: { schema: "ReplaceTaskBody" },
        responses: { 200: { description: "The task as stored.", schema: "Task", headers: withETag } },
        problems: ["not_found", "forbidden", "precondition_failed", "tag_limit_reached", ...JSON_BODY, ...CHANGE],
        ...conditional,
      }),
      patch: operation({
        id: "updateTask",
        summary: "Change some fields of a task",
        description: "Only the fields given change (at least one); null clears a field.",
        tag: "tasks",
        parameters: [ref.parameter("TaskId"), ref.parameter("IfMatch")],
        body: { schema: "UpdateTaskBody" },
        responses: { 200: { description: "The task as stored.", schema: "Task", headers: withETag } },
        problems: ["not_found", "forbidden", "precondition_failed", "tag_limit_reached", ...JSON_BODY, ...CHANGE],
        ...conditional,
      }),
      delete: operation({
        id: "deleteTask",
        summary: "Delete a task",
        tag: "tasks",
        parameters: [ref.parameter("TaskId"), ref.parameter("IfMatch")],
        responses: { 204: { description: "Deleted; the task is a 404 from now on." } },
        problems: ["not_found", "forbidden", "precondition_failed", ...CHANGE],
        ...conditional,
      }),
    },
    "/api/tasks/{id}/complete": {
      patch: operation({
        id: "completeTask",
        summary: "Mark a task done or not done",
        description: "`{ \"completed\": true | false }` sets it; a request without a body toggles it.",
        tag: "tasks",
        parameters: [ref.parameter("TaskId"), ref.parameter("IfMatch")],
        body: { schema: "CompleteTaskBody", required: false, description: "Omit to toggle." },
        responses: { 200: { description: "The task as stored.", schema: "Task", headers: withETag } },
        problems: ["not_found", "forbidden", "precondition_failed", ...JSON_BODY, ...CHANGE],
        ...conditional,
      }),
    },
  };
}
