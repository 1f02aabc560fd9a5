import { z } from "zod";
import { PRIORITIES, type Task } from "@/db/schema";

// Request and response shapes of /api/tasks, named by channel. Objects are strict: an
// unknown or server-owned field (id, userId, createdAt...) is a 422 naming the field.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;

// C0 controls and DEL; a title is one line, so tabs and newlines count too.
const TITLE_FORBIDDEN = /[\u0000-\u001f\u007f]/;
// A description may hold tabs and line breaks, but no other control characters.
const DESCRIPTION_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// In a /u regex a surrogate range matches only unpaired halves, which PostgreSQL would
// silently turn into U+FFFD.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

function text(forbidden: RegExp) {
  return z
    .string()
    .refine((s) => !forbidden.test(s), "Must not contain control characters.")
    .refine((s) => !LONE_SURROGATE.test(s), "Must be valid Unicode text.");
}

// zod counts code points, as PostgreSQL's char_length does: 200 emoji are a valid title.
const title = text(TITLE_FORBIDDEN)
  .trim()
  .min(1, "Must not be empty.")
  .max(TITLE_MAX, `At most ${TITLE_MAX} characters.`)
  .describe(`Trimmed; 1-${TITLE_MAX} characters counted as Unicode code points; no control characters.`);
const description = text(DESCRIPTION_FORBIDDEN)
  .max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`)
  .nullable()
  .describe(`Up to ${DESCRIPTION_MAX} characters, or null; tabs and line breaks allowed, other control characters not.`);
const priority = z
  .enum(PRIORITIES, { error: "Must be one of low, medium, high, or null." })
  .nullable()
  .describe("low, medium, high, or null.");
const completed = z.boolean({ error: "Must be true or false." }).describe("Whether the task is done.");

/**
 * A due date: an ISO 8601 date-time with seconds and a zone (`2026-05-01T17:00:00Z`,
 * `2026-05-01T19:00:00.5+02:00`), or a calendar date (`2026-05-01`, taken as midnight UTC).
 * Stored and returned in UTC, to the millisecond.
 */
const dueDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).",
  })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))
  .nullable()
  .describe(
    "A date-time with seconds and a zone (2026-05-01T17:00:00Z, 2026-05-01T19:00:00.5+02:00) or a calendar " +
      "date (2026-05-01, midnight UTC), or null. Stored and returned in UTC to the millisecond.",
  );

export const createTaskBody = z.strictObject({
  title,
  description: description.optional(),
  priority: priority.optional(),
  dueDate: dueDate.optional(),
  completed: completed.optional(),
});
export type CreateTaskBody = z.infer<typeof createTaskBody>;

/** PUT replaces every writable field: what is omitted goes back to null / false. */
export const replaceTaskBody = z.strictObject({
  title,
  description: description.default(null),
  priority: priority.default(null),
  dueDate: dueDate.default(null),
  completed: completed.default(false),
});
export type ReplaceTaskBody = z.infer<typeof replaceTaskBody>;

export const updateTaskBody = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    priority: priority.optional(),
    dueDate: dueDate.optional(),
    completed: completed.optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    error: "Give at least one field to change.",
  });
export type UpdateTaskBody = z.infer<typeof updateTaskBody>;

export const completeTaskBody = z.strictObject({ completed });
export type CompleteTaskBody = z.infer<typeof completeTaskBody>;

export type TaskJson = {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: Task["priority"];
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
};

export type TaskPageJson = { items: TaskJson[]; nextCursor: string | null };

/** The response shape of a task: exactly these fields, times in ISO 8601 UTC. */
export function taskJson(task: Task): TaskJson {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    completed: task.completed,
    priority: task.priority,
    dueDate: task.dueDate?.toISOString() ?? null,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}

// The change feed: GET /api/tasks/changes?since=<token>&limit=…
export const CHANGES_PAGE_MAX = 1000;
export const CHANGES_PAGE_DEFAULT = 500;

export const taskChangesQuery = z.strictObject({
  since: z.string().max(100).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `Must be a whole number from 1 to ${CHANGES_PAGE_MAX}.`)
    .transform(Number)
    .pipe(z.number().min(1, `Must be from 1 to ${CHANGES_PAGE_MAX}.`).max(CHANGES_PAGE_MAX, `Must be from 1 to ${CHANGES_PAGE_MAX}.`))
    .default(CHANGES_PAGE_DEFAULT),
});
export type TaskChangesQuery = z.infer<typeof taskChangesQuery>;

export type TaskChangesJson = {
  /** Tasks created or changed since the token, oldest change first. */
  tasks: TaskJson[];
  /** Ids of tasks deleted since the token. */
  deleted: string[];
  /** The token for the next call. */
  next: string;
  /** More changes are waiting: call again with `next` right away. */
  hasMore: boolean;
};

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

export type BatchResultJson =
  | { op: "create"; status: 201; task: TaskJson }
  | { op: "update" | "complete"; status: 200; task: TaskJson }
  | { op: "delete"; status: 204; id: string };

export const clearTasksQuery = z.strictObject({
  status: z.literal("completed", { error: "Only status=completed can be cleared." }),
});
