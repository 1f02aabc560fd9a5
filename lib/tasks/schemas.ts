import { z } from "zod";
import { PRIORITIES } from "@/db/schema";
import { taskTagNames } from "@/lib/tags/schemas";
import { showsNothing } from "@/lib/text/visible";
import { instant, INSTANT_RANGE, listFilter, pageLimit, storedText } from "./fields";

// Request shapes of /api/tasks (bodies and queries), named by channel; the answers are in
// responses.ts. Objects are strict: an unknown or server-owned field (id, userId,
// createdAt...) is a 422 naming the field.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;

// A title is one line: tabs and line breaks are control characters like the others.
// A description may hold tabs and line breaks, but no other control characters.
const DESCRIPTION_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// zod counts code points, as PostgreSQL's char_length does: 200 emoji are a valid title.
// A title that shows nothing (zero-width spaces, BOMs...) is as empty as a blank one; the
// empty string is min(1)'s to report, once.
const title = storedText()
  .trim()
  .min(1, "Must not be empty.")
  .max(TITLE_MAX, `At most ${TITLE_MAX} characters.`)
  .refine((s) => s === "" || !showsNothing(s), "Must not be empty.")
  .describe(
    `Trimmed; 1-${TITLE_MAX} characters counted as Unicode code points, at least one of them visible; no control characters.`,
  );
const description = storedText(DESCRIPTION_FORBIDDEN)
  .max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`)
  .nullable()
  .describe(`Up to ${DESCRIPTION_MAX} characters, or null; tabs and line breaks allowed, other control characters not.`);
const priority = z
  .enum(PRIORITIES, { error: "Must be one of low, medium, high, or null." })
  .nullable()
  .describe("low, medium, high, or null.");
const completed = z.boolean({ error: "Must be true or false." }).describe("Whether the task is done.");

/** A due date: an instant (fields.ts), stored and returned in UTC, to the millisecond. */
const dueDate = instant
  .nullable()
  .describe(
    "A date-time with seconds and a zone (2026-05-01T17:00:00Z, 2026-05-01T19:00:00.5+02:00) or a calendar " +
      `date (2026-05-01, midnight UTC), or null. Any instant ${INSTANT_RANGE.text}. Stored and returned in UTC to the millisecond.`,
  );

const listId = z
  .string()
  .max(255)
  .describe("The list's id (GET /api/lists). The caller must be an editor of it, or above.");

export const createTaskBody = z.strictObject({
  listId: listId.optional().describe("The list to create it in; the caller's Inbox when omitted. Editor or above."),
  title,
  description: description.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  completed: completed.optional(),
  tags: taskTagNames.optional(),
});
export type CreateTaskBody = z.infer<typeof createTaskBody>;

/**
 * PUT replaces every writable field: what is omitted goes back to null / false, except the
 * list, which stays as it is unless listId is given.
 */
export const replaceTaskBody = z.strictObject({
  listId: listId.optional().describe("Moves the task to this list; it stays where it is when omitted. Editor of both lists."),
  title,
  description: description.default(null),
  priority: priority.default(null),
  dueDate: dueDate.default(null),
  completed: completed.default(false),
  tags: taskTagNames.default([]).describe("Replaces the task's tags; omitted, it has none."),
});
export type ReplaceTaskBody = z.infer<typeof replaceTaskBody>;

export const updateTaskBody = z
  .strictObject({
    listId: listId.optional().describe("Moves the task to this list. Editor of both lists."),
    title: title.optional(),
    description: description.optional(),
    priority: priority.optional(),
    dueDate: dueDate.optional(),
    completed: completed.optional(),
    tags: taskTagNames.optional().describe("Replaces the task's tags; omitted, they stay as they are."),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    error: "Give at least one field to change.",
  });
export type UpdateTaskBody = z.infer<typeof updateTaskBody>;

export const completeTaskBody = z.strictObject({ completed });
export type CompleteTaskBody = z.infer<typeof completeTaskBody>;

// The change feed: GET /api/tasks/changes?since=<token>&limit=…
export const CHANGES_PAGE_MAX = 1000;
export const CHANGES_PAGE_DEFAULT = 500;

export const taskChangesQuery = z.strictObject({
  since: z.string().max(100).optional(),
  limit: pageLimit(CHANGES_PAGE_MAX, CHANGES_PAGE_DEFAULT),
});
export type TaskChangesQuery = z.infer<typeof taskChangesQuery>;

// Batch: POST /api/tasks/batch { operations: [...] }, all or nothing.
export const BATCH_MAX = 100;
/** 100 operations of full-size tasks do not fit the 16 KiB of a single task's body. */
export const BATCH_BODY_MAX_BYTES = 256 * 1024;
const taskId = z.string().max(255);

export const batchOperation = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ op: z.literal("create"), body: createTaskBody }),
    z.strictObject({ op: z.literal("update"), id: taskId, body: updateTaskBody }),
    z.strictObject({ op: z.literal("complete"), id: taskId, body: completeTaskBody.optional() }),
    z.strictObject({ op: z.literal("delete"), id: taskId }),
  ],
  { error: "Must be an operation: create, update, complete or delete." },
);
export type BatchOperation = z.infer<typeof batchOperation>;

export const batchBody = z.strictObject({
  operations: z
    .array(batchOperation)
    .min(1, "Give at least one operation.")
    .max(BATCH_MAX, `At most ${BATCH_MAX} operations.`),
});
export type BatchBody = z.infer<typeof batchBody>;

export const clearTasksQuery = z.strictObject({
  status: z.literal("completed", { error: "Only status=completed can be cleared." }),
  listId: listFilter("Clear this list only (editor or above: a viewer gets 403); without it, every list you may edit."),
});
