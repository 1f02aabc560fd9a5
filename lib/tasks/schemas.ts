import { z } from "zod";
import { PRIORITIES, type Task } from "@/db/schema";

// Request and response shapes of /api/tasks, named by channel. Objects are strict: an
// unknown or server-owned field (id, userId, createdAt...) is a 422 naming the field.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 50;

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
const title = text(TITLE_FORBIDDEN).trim().min(1, "Must not be empty.").max(TITLE_MAX, `At most ${TITLE_MAX} characters.`);
const description = text(DESCRIPTION_FORBIDDEN).max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters.`).nullable();
const priority = z.enum(PRIORITIES, { error: "Must be one of low, medium, high, or null." }).nullable();
const completed = z.boolean({ error: "Must be true or false." });

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
  .nullable();

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

export const TASK_STATUSES = ["all", "pending", "completed"] as const;

export const listTasksQuery = z.strictObject({
  status: z.enum(TASK_STATUSES, { error: "Must be all, pending or completed." }).default("all"),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `Must be a whole number from 1 to ${PAGE_SIZE_MAX}.`)
    .transform(Number)
    .pipe(z.number().min(1, `Must be from 1 to ${PAGE_SIZE_MAX}.`).max(PAGE_SIZE_MAX, `Must be from 1 to ${PAGE_SIZE_MAX}.`))
    .default(PAGE_SIZE_DEFAULT),
  cursor: z.string().max(200).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

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
