import type { TaskListParams } from "./types";

// The due filter's choices as GET /api/tasks parameters. Days are the reader's own
// calendar days: from local midnight to local midnight, sent as ISO instants, so "today"
// in Tokyo is not London's, and a day with a daylight-saving change is 23 or 25 hours.
// The summary's "due today" counts the same day (it is asked with the browser's zone).
//
// A task given only a date is stored as midnight UTC (see dates.ts), so west of UTC it
// falls on the evening before its date in these ranges, exactly as in the summary's
// count: the API has no "calendar date" due dates to filter on.

// The due filter's choices, in the page's words (list-query.ts keeps them in the address).
export const DUE_CHOICES = ["overdue", "today", "week", "none"] as const;
export type DueChoice = (typeof DUE_CHOICES)[number];

type DueParams = Pick<TaskListParams, "dueAfter" | "dueBefore" | "overdue" | "hasDueDate">;

/** Local midnight `days` days from now's date, as an ISO instant ("…Z"). */
function localMidnight(now: Date, days = 0): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days).toISOString();
}

export function dueParams(choice: DueChoice, now: Date): DueParams {
  switch (choice) {
    case "overdue":
      // The server's clock and rule: due before now and not completed.
      return { overdue: true };
    case "today":
      // dueAfter is inclusive and dueBefore exclusive: exactly one day.
      return { dueAfter: localMidnight(now), dueBefore: localMidnight(now, 1) };
    case "week":
      return { dueAfter: localMidnight(now), dueBefore: localMidnight(now, 7) };
    case "none":
      return { hasDueDate: false };
  }
}
