import { z } from "zod";
import { TAG_MODES, tagFilter } from "@/lib/tags/schemas";
import { flag, instant, INSTANT_RANGE, listFilter, pageLimit, PRIORITY_LIST, priorityList, withoutControlCharacters } from "./fields";

// The list's query string: GET /api/tasks?listId=…&status=…&priority=…&dueBefore=…
// &dueAfter=…&overdue=…&hasDueDate=…&q=…&tag=…&tagMode=…&sort=…&order=…&limit=…&cursor=…
// Every filter is optional and they combine with AND; without listId, the tasks of every
// list the caller is a member of (owned and shared). sort and order stay undefined when
// not given: their defaults depend on q, and list.ts resolves them. The summary's query
// (GET /api/tasks/summary?tz=…) is at the end. No database here: lib/openapi reads these.

export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 50;
export const SEARCH_MAX = 200;
// A cursor carries its sort key: a title-sorted one holds a title of up to 200 characters
// (800 bytes of UTF-8), about 1,150 characters of base64url with its id and MAC. The title
// as written, not its folded sort key, which can be far longer (list.ts).
export const CURSOR_MAX = 1500;

export const TASK_STATUSES = ["all", "pending", "completed"] as const;
export const TASK_SORTS = ["createdAt", "updatedAt", "dueDate", "priority", "title"] as const;
export const SORT_ORDERS = ["asc", "desc"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

// Bound as a parameter, never spliced into SQL.
const search = withoutControlCharacters()
  .trim()
  .min(1, "Must not be empty.")
  .max(SEARCH_MAX, `At most ${SEARCH_MAX} characters.`);

export const listTasksQuery = z.strictObject({
  listId: listFilter("Only this list's tasks; without it, those of every list you are a member of."),
  status: z.enum(TASK_STATUSES, { error: "Must be all, pending or completed." }).default("all"),
  priority: priorityList().optional().describe(`Any of these priorities, e.g. high,medium. ${PRIORITY_LIST} Tasks without a priority never match.`),
  // dueBefore is exclusive and dueAfter inclusive: consecutive ranges neither overlap nor
  // leave a gap, and a calendar date means its midnight UTC.
  dueBefore: instant
    .optional()
    .describe(
      `Due strictly before this instant (exclusive). A date is midnight UTC. Tasks without a due date never match. ` +
        `Any instant ${INSTANT_RANGE.text}.`,
    ),
  dueAfter: instant
    .optional()
    .describe(`Due at or after this instant (inclusive), so dueAfter=D&dueBefore=D+1 is exactly one day. Any instant ${INSTANT_RANGE.text}.`),
  overdue: flag().optional().describe("true: due in the past and not completed. false: every other task, undated ones included."),
  hasDueDate: flag().optional().describe("true: only tasks with a due date; false: only tasks without one."),
  q: search
    .optional()
    .describe(
      "Search title and description, ignoring case and accents; web search syntax (\"a phrase\", -word, or). " +
        "Without sort, the best matches come first.",
    ),
  tag: tagFilter()
    .optional()
    .describe(
      "Tasks with any of these tags (tagMode=all: with all of them), by name, comma-separated, matched in each task's list " +
        "ignoring case and accents. A name no list of yours has matches nothing.",
    ),
  tagMode: z.enum(TAG_MODES, { error: "Must be any or all." }).optional().describe("any (the default) or all of the tags in `tag`."),
  sort: z
    .enum(TASK_SORTS, { error: "Must be createdAt, updatedAt, dueDate, priority or title." })
    .optional()
    .describe("createdAt by default (relevance with q). Tasks without a due date or priority come last in either order; ties go by id."),
  order: z.enum(SORT_ORDERS, { error: "Must be asc or desc." }).optional().describe("desc by default."),
  limit: pageLimit(PAGE_SIZE_MAX, PAGE_SIZE_DEFAULT),
  cursor: z.string().max(CURSOR_MAX).optional(),
});
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

// GET /api/tasks/summary?tz=…&listId=…: the zone whose calendar date "dueToday" counts in.
export const TIME_ZONE_MESSAGE = "Must be an IANA time zone name, such as Europe/Paris or UTC.";

// An IANA name (Area/Location, or UTC) that this runtime knows. Abbreviations and POSIX
// strings are refused on purpose: Intl reads "PST" as Los Angeles, PostgreSQL as a fixed
// UTC-8, and PostgreSQL reads "UTC+3" as three hours west. (The database checks the name
// again: summary.ts.)
function isTimeZone(name: string): boolean {
  if (name.length > 64 || !/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const taskSummaryQuery = z.strictObject({
  listId: listFilter("Count this list's tasks only; without it, those of every list you are a member of."),
  tz: z.string().refine(isTimeZone, TIME_ZONE_MESSAGE).default("UTC"),
});
