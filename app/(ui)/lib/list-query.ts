import { DUE_CHOICES, dueParams, type DueChoice } from "./due-ranges";
import { PRIORITIES, type Priority, type TagMode, type TaskFilter, type TaskListParams, type TaskSort } from "./types";

// What the list shows, as the person chose it: the list picked in the sidebar, the status
// buttons, the search box, and the sort, due, priority and tag controls. It lives in the page's
// query string (/?list=…&q=cafe&priority=high&tag=home,errands&sort=due), so a reload, Back and Forward show the same list, and
// toListParams turns it into GET /api/tasks's query. The page's own parameter names and
// values are the UI's words ("due", "today"), not the API's: the API's due bounds are
// instants that depend on the day they are computed.

export const SORT_CHOICES = ["newest", "oldest", "updated", "due", "priority", "title"] as const;
export type SortChoice = (typeof SORT_CHOICES)[number];

const STATUSES: readonly TaskFilter[] = ["all", "pending", "completed"];
const TAG_MODES: readonly TagMode[] = ["any", "all"];
/** As many names as one ?tag= takes (the API's TAGS_PER_TASK_MAX). */
const TAGS_MAX = 20;

export type ListQuery = {
  /** The list picked in the sidebar (its id); null: every list ("All lists"). */
  list: string | null;
  status: TaskFilter;
  /** Trimmed; "" when not searching. */
  q: string;
  /** In the API's canonical order; empty means any priority (and none). */
  priorities: Priority[];
  due: DueChoice | null;
  /** Tag names, as given (the server matches them ignoring case and accents); empty: any tags. */
  tags: string[];
  /** With several tags: tasks with any of them, or with all of them. */
  tagMode: TagMode;
  /** null: the default order, newest first, or best match first while searching. */
  sort: SortChoice | null;
};

/** How each sort choice asks the API. Tasks with no due date or priority come last either way. */
const SORT_PARAMS: Record<SortChoice, { sort: TaskSort; order: "asc" | "desc" }> = {
  newest: { sort: "createdAt", order: "desc" },
  oldest: { sort: "createdAt", order: "asc" },
  updated: { sort: "updatedAt", order: "desc" },
  due: { sort: "dueDate", order: "asc" },
  priority: { sort: "priority", order: "desc" },
  title: { sort: "title", order: "asc" },
};

// Hand-edited or outdated URLs must not break the page: unknown values are simply ignored.
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  values.includes(value as T) ? (value as T) : null;

export function parseListQuery(params: { get(name: string): string | null }): ListQuery {
  const given = (params.get("priority") ?? "").split(",");
  return {
    // Any id goes through as typed: the server answers 404 for a list that is not the caller's.
    list: params.get("list")?.trim() || null,
    status: oneOf(STATUSES, params.get("status")) ?? "all",
    q: (params.get("q") ?? "").trim(),
    priorities: PRIORITIES.filter((p) => given.includes(p)),
    due: oneOf(DUE_CHOICES, params.get("due")),
    tags: parseTagNames(params.get("tag")),
    tagMode: oneOf(TAG_MODES, params.get("tagMode")) ?? "any",
    sort: oneOf(SORT_CHOICES, params.get("sort")),
  };
}

/** The page's query string for a list query: "" for the default list, else "?…". */
export function listQueryToSearch(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.list) params.set("list", query.list);
  if (query.q) params.set("q", query.q);
  if (query.status !== "all") params.set("status", query.status);
  if (query.priorities.length > 0) params.set("priority", query.priorities.join(","));
  if (query.due) params.set("due", query.due);
  if (query.tags.length > 0) params.set("tag", query.tags.join(","));
  // "all" only means something with two tags or more; one tag is the same list either way.
  if (query.tags.length > 1 && query.tagMode === "all") params.set("tagMode", "all");
  if (query.sort) params.set("sort", query.sort);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** Search, priority, due or tag filters: what "Clear filters" undoes (status has its own buttons). */
export function hasNarrowingFilters(query: ListQuery): boolean {
  return query.q !== "" || query.priorities.length > 0 || query.due !== null || query.tags.length > 0;
}

/** ?tag=home,errands as names: trimmed, each once, never more than the API takes. */
function parseTagNames(value: string | null): string[] {
  const names = (value ?? "").split(",").map((n) => n.trim()).filter((n) => n !== "");
  return [...new Set(names)].slice(0, TAGS_MAX);
}

/**
 * Whether a new task that fits the filters belongs at the top of the list: the list is in
 * creation order, newest first, and not a search (whose matches only the server knows).
 */
export function newTaskGoesFirst(query: ListQuery): boolean {
  return query.q === "" && (query.sort === null || query.sort === "newest");
}

/**
 * GET /api/tasks's query for a list query. `now` fixes the due bounds: the caller keeps
 * the result for every page of one listing, since a cursor only works with the exact
 * filters of the page it came from.
 */
export function toListParams(query: ListQuery, now: Date = new Date()): TaskListParams {
  return {
    ...(query.list && { listId: query.list }),
    status: query.status,
    ...(query.priorities.length > 0 && { priority: query.priorities }),
    ...(query.due && dueParams(query.due, now)),
    ...(query.q && { q: query.q }),
    ...(query.tags.length > 0 && { tag: query.tags, ...(query.tags.length > 1 && query.tagMode === "all" && { tagMode: "all" as const }) }),
    // No sort while searching means by relevance: leave it to the server.
    ...(query.sort && SORT_PARAMS[query.sort]),
  };
}
