import { z } from "zod";
import { pageLimit } from "@/lib/tasks/fields";

// The query of GET /api/tasks/{id}/history and GET /api/lists/{id}/activity: one keyset
// page, newest first.

export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 50;

export const historyQuery = z.strictObject({
  limit: pageLimit(HISTORY_PAGE_MAX, HISTORY_PAGE_DEFAULT),
  cursor: z.string().max(200).optional(),
});
export type HistoryQuery = z.infer<typeof historyQuery>;
