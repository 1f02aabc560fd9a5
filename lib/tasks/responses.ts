import { z } from "zod";
import { PRIORITIES } from "@/db/schema";
import { isoTime } from "@/lib/iso-time";
import type { TaggedTask } from "@/lib/tags/of-task";
import { taskTagResponse } from "@/lib/tags/responses";
import { BATCH_MAX } from "./schemas";

// What /api/tasks answers, as zod schemas: the TypeScript types of the code that builds
// the answers are inferred from them, and the OpenAPI document is generated from them, so
// the two cannot drift. Objects are strict: a field the code adds without adding it here
// fails the contract test (tests/integration/contract.test.ts).

// What Date.prototype.toISOString() gives: UTC, always with milliseconds.
const utcTime = z.iso.datetime({ precision: 3 });
const count = z.int().min(0);

export const taskResponse = z.strictObject({
  id: z.uuid().describe("UUIDv7: ids sort by creation time."),
  listId: z.string().describe("The list it is in."),
  title: z.string(),
  description: z.string().nullable(),
  completed: z.boolean(),
  priority: z.enum(PRIORITIES).nullable(),
  dueDate: utcTime.nullable(),
  createdAt: utcTime,
  updatedAt: utcTime,
  createdBy: z.string().nullable().describe("The id of the account that created it; null once that account is gone."),
  updatedBy: z.string().nullable().describe("The id of the account that changed it last; null once that account is gone."),
  tags: z.array(taskTagResponse).describe("Its tags (of its list), by name (case and accents ignored), then id; [] for none."),
  commentCount: count.describe("How many comments it has."),
});
export type TaskJson = z.infer<typeof taskResponse>;

/** The response shape of a task: exactly these fields, times in ISO 8601 UTC. */
export function taskJson(task: TaggedTask): TaskJson {
  return {
    id: task.id,
    listId: task.listId,
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    dueDate: task.dueDate ? isoTime(task.dueDate) : null,
    createdAt: isoTime(task.createdAt),
    updatedAt: isoTime(task.updatedAt),
    createdBy: task.createdBy,
    updatedBy: task.updatedBy,
    tags: task.tags.map(({ id, name, color }) => ({ id, name, color })),
    commentCount: task.commentCount,
  };
}

export const taskPageResponse = z.strictObject({
  items: z.array(taskResponse),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last one."),
});
export type TaskPageJson = z.infer<typeof taskPageResponse>;

export const clearedTasksResponse = z.strictObject({
  deleted: count.describe("How many completed tasks were deleted."),
});
export type ClearedTasksJson = z.infer<typeof clearedTasksResponse>;

// summary.ts counts them in one statement; the descriptions say what each filter is.
export const taskSummaryResponse = z.strictObject({
  total: count.describe("Every task."),
  pending: count.describe("Tasks not completed."),
  completed: count.describe("Completed tasks (pending + completed = total)."),
  overdue: count.describe("Pending tasks whose due date has passed (the list's overdue=true)."),
  dueToday: count.describe("Tasks due on today's date in the `tz` time zone, completed or not."),
});
export type TaskSummary = z.infer<typeof taskSummaryResponse>;

export const taskChangesResponse = z.strictObject({
  tasks: z.array(taskResponse).describe("Tasks created or changed since the token, oldest change first."),
  deleted: z.array(z.string()).describe("Ids of tasks deleted since the token."),
  next: z.string().describe("The token for the next call."),
  hasMore: z.boolean().describe("More changes are waiting: call again with `next` right away."),
});
export type TaskChangesJson = z.infer<typeof taskChangesResponse>;

export const batchResultResponse = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("create"), status: z.literal(201), task: taskResponse }),
  z.strictObject({ op: z.literal("update"), status: z.literal(200), task: taskResponse }),
  z.strictObject({ op: z.literal("complete"), status: z.literal(200), task: taskResponse }),
  z.strictObject({ op: z.literal("delete"), status: z.literal(204), id: z.string() }),
]);
export type BatchResultJson = z.infer<typeof batchResultResponse>;

export const batchResponse = z.strictObject({
  results: z.array(batchResultResponse).max(BATCH_MAX).describe("One result per operation, in order."),
});
export type BatchResponseJson = z.infer<typeof batchResponse>;
