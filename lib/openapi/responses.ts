import { z } from "zod";
import { PRIORITIES } from "@/db/schema";
import { BATCH_MAX } from "@/lib/tasks/schemas";

// Response bodies of /api/tasks and /api/health as zod schemas, for the OpenAPI document
// and the contract tests. The request side needs none of this: the handlers' own schemas
// are used as they are. taskResponse belongs next to taskJson() in lib/tasks/schemas.ts;
// until it moves there, tests/unit/openapi.responses.test.ts holds the two together.

// What Date.prototype.toISOString() gives: UTC, always with milliseconds.
const utcTime = z.iso.datetime({ precision: 3 });

export const taskResponse = z.strictObject({
  id: z.uuid().describe("UUIDv7: ids sort by creation time."),
  title: z.string(),
  description: z.string().nullable(),
  completed: z.boolean(),
  priority: z.enum(PRIORITIES).nullable(),
  dueDate: utcTime.nullable(),
  createdAt: utcTime,
  updatedAt: utcTime,
});

export const taskPageResponse = z.strictObject({
  items: z.array(taskResponse),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last one."),
});

export const clearedTasksResponse = z.strictObject({
  deleted: z.int().min(0).describe("How many completed tasks were deleted."),
});

const count = z.int().min(0);

export const taskSummaryResponse = z.strictObject({
  total: count,
  pending: count,
  completed: count,
  overdue: count.describe("Pending tasks whose due date has passed."),
  dueToday: count.describe("Pending tasks due today in the `tz` time zone."),
});

export const taskChangesResponse = z.strictObject({
  tasks: z.array(taskResponse).describe("Tasks created or changed since the token, oldest change first."),
  deleted: z.array(z.string()).describe("Ids of tasks deleted since the token."),
  next: z.string().describe("The token for the next call."),
  hasMore: z.boolean().describe("More changes are waiting: call again with `next` right away."),
});

export const batchResultResponse = z.union([
  z.strictObject({
    op: z.enum(["create", "update", "complete"]),
    status: z.union([z.literal(200), z.literal(201)]),
    task: taskResponse,
  }),
  z.strictObject({ op: z.literal("delete"), status: z.literal(204), id: z.string() }),
]);

export const batchResponse = z.strictObject({
  results: z.array(batchResultResponse).max(BATCH_MAX).describe("One result per operation, in order."),
});

export const healthResponse = z.strictObject({ status: z.literal("ok"), database: z.literal("ok") });

export const liveResponse = z.strictObject({ status: z.literal("ok") });

/** GET /api/openapi.json: only the outline; the full OpenAPI 3.1 schema is not restated here. */
export const openApiDocumentResponse = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});
