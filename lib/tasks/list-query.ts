import { z } from "zod";

// The list's query string: GET /api/tasks?status=…&limit=…&cursor=…

export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 50;

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

