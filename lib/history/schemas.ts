import { z } from "zod";
import { pageLimit } from "@/lib/tasks/fields";

// The query of GET /api/tasks/{id}/history and GET /api/lists/{id}/activity: one keyset
// page, newest first.

export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 50;

/** A keyset page's query: `limit` (1 to max) and the `cursor` an earlier page answered. */
export function keysetPageQuery(max: number, fallback: number) {
  return z.strictObject({ limit: pageLimit(max, fallback), cursor: z.string().max(200).optional() });
}

export const historyQuery = keysetPageQuery(HISTORY_PAGE_MAX, HISTORY_PAGE_DEFAULT);
export type HistoryQuery = z.infer<typeof historyQuery>;
