import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { runCompiled } from "@/db/compiled";
import { unprepared } from "@/db/gated-client";
import { listMembers, lists, tags, tasks, taskSearchDocument, taskTags, taskTitleKey, type Priority } from "@/db/schema";
import { config } from "@/lib/config";
import { listMiss, memberRole, READING_ROLES, roleIn } from "@/lib/lists/access";
import type { TaggedTask } from "@/lib/tags/of-task";
import type { TagMode } from "@/lib/tags/schemas";
import { jsonArray } from "@/lib/tags/task-tags";
import { isUuid } from "./ids";
import { decodeCursor, encodeCursor, invalidCursor, type CursorKey } from "./cursor";
import type { ListTasksQuery, SortOrder, TaskSort } from "./list-query";
import { assertOwnerExists } from "./owner";
import { taggedTaskFromRow } from "./task-rows";

// Listing the tasks of the caller's lists (every list they are a member of, or one):
// filters, a sort, one keyset page at a time, always reached through the caller's
// memberships and filtered on each list's owner (never on anything the cursor says).
//
// Every sort is a total order on (key, id), both in the direction of `order`. A page ends
// at its last task's (key, id) and the next one starts strictly after it, so walking all
// pages returns every task once, however many tasks are created, changed or deleted in
// between: except a task whose own sort key changes during the walk (updatedAt on any
// write, or its due date, priority, title, or text under q). That task moves to its new
// place and may be missed or seen twice: a keyset position is a value, not a snapshot.

export type TaskPage = { items: TaggedTask[]; nextCursor: string | null };

// A due date with null standing in for a value past every real one: +infinity, last
// ascending, or -infinity, last descending. No task is due at ±infinity (the API takes ISO
// dates only), so filters written on these are exactly the plain ones (an undated task
// matches no bound), and the due date indexes, built on these very expressions, can read
// just the range.
const noDueDate = (order: SortOrder) => sql.raw(order === "asc" ? "'infinity'::timestamptz" : "'-infinity'::timestamptz");
const dueOrLast = (order: SortOrder) => sql`coalesce(${tasks.dueDate}, ${noDueDate(order)})`;
const DUE_OR_INFINITY = dueOrLast("asc");
const DUE_OR_MINUS_INFINITY = dueOrLast("desc");

/** Overdue: due before now and not completed (the list's overdue=true and the summary's). */
export const OVERDUE = sql`(${DUE_OR_INFINITY} < now() and not ${tasks.completed})`;
// Its complement: undated tasks (+infinity) are not overdue.
const NOT_OVERDUE = sql`(${DUE_OR_INFINITY} >= now() or ${tasks.completed})`;

const timestamptz = (date: Date) => sql`${date.toISOString()}::timestamptz`;

type Row = { task: TaggedTask; rank: number | null };
type Search = { match: SQL; rank: SQL<number> };
type ListSort = TaskSort | "rank";

/**
 * One sort's key. `expression` is what ORDER BY and the keyset condition compare, written
 * exactly as its index in db/schema/tasks.ts is, or PostgreSQL would not use the index.
 * Nullable keys sort last in both orders by standing in for null with a value past every
 * real one, which keeps the keyset condition a plain row comparison (an index range).
 */
type SortKey = {
  expression(order: SortOrder): SQL;
  /** A row's key, as the cursor carries it: the value itself, or null. */
  of(row: Row): CursorKey;
  /** A cursor's key as the parameter that `compared` takes; undefined if it is not one. */
  param(key: CursorKey, order: SortOrder): string | number | undefined;
  /** That parameter (or its placeholder) as an SQL value comparable with expression(order). */
  compared(param: unknown): SQL;
};

// A cursor's instant, sent as text and read by PostgreSQL: a date and ±infinity (no due
// date) then make one statement, and no driver's Date serializer sees infinity.
const cursorInstant = (text: unknown) => sql`${text}::text::timestamptz`;

// Millis as a timestamptz's text (years 0-9999, as PostgreSQL reads them); anything else is
// not a timestamp cursor.
function timestamp(key: CursorKey): string | undefined {
  if (typeof key !== "number" || !Number.isSafeInteger(key)) return undefined;
  const iso = new Date(key).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

function timestampKey(column: typeof tasks.createdAt | typeof tasks.updatedAt, of: (task: TaggedTask) => Date): SortKey {
  return { expression: () => sql`${column}`, of: (row) => of(row.task).getTime(), param: timestamp, compared: cursorInstant };
}

// high > medium > low, by meaning (the CASE is the one the priority indexes are built on);
// no priority comes after all three in either order: 0 descending, 4 ascending.
const PRIORITY_RANK: Record<Priority, number> = { low: 1, medium: 2, high: 3 };
const noPriority = (order: SortOrder) => (order === "asc" ? 4 : 0);

function sortKey(sort: ListSort, search: Search | undefined): SortKey {
  switch (sort) {
    case "createdAt":
      return timestampKey(tasks.createdAt, (t) => t.createdAt);
    case "updatedAt":
      return timestampKey(tasks.updatedAt, (t) => t.updatedAt);
    case "dueDate":
      return {
        expression: dueOrLast,
        of: (row) => row.task.dueDate?.getTime() ?? null,
        param: (key, order) => (key === null ? (order === "asc" ? "infinity" : "-infinity") : timestamp(key)),
        compared: cursorInstant,
      };
    case "priority":
      return {
        expression: (order) =>
          sql`(case ${tasks.priority} when 'high' then 3 when 'medium' then 2 when 'low' then 1 else ${sql.raw(String(noPriority(order)))} end)`,
        of: (row) => row.task.priority,
        // A parameter, not a literal: a literal would make a statement for each rank.
        param: (key, order) => {
          if (key === null) return noPriority(order);
          return typeof key === "string" && Object.hasOwn(PRIORITY_RANK, key) ? PRIORITY_RANK[key as Priority] : undefined;
        },
        compared: (param) => sql`${param}::integer`,
      };
    case "title":
      // By the folded title (case and accents ignored), in SQL only. The cursor carries the
      // title itself, folded again here by the same immutable function: the key compares
      // equal to its row's, and the cursor stays as short as the title.
      return {
        expression: () => taskTitleKey(tasks.title),
        of: (row) => row.task.title,
        param: (key) => (typeof key === "string" ? key : undefined),
        compared: (param) => taskTitleKey(sql`${param}::text`),
      };
    case "rank":
      // ts_rank is a real; as float8 it reaches the client exactly and compares equal when
      // it comes back in a cursor. No index can hold it: a search sorts its matches.
      return {
        expression: () => search!.rank,
        of: (row) => row.rank,
        param: (key) => (typeof key === "number" && Number.isFinite(key) ? key : undefined),
        compared: (param) => sql`${param}::float8`,
      };
  }
}

// websearch syntax: words, "a phrase", -excluded, or. The document is the exact expression
// idx_tasks_search is built on, so the GIN index finds the matches.
function searchFor(q: Bound<string>): Search {
  const document = taskSearchDocument(tasks.title, tasks.description);
  const query = sql`websearch_to_tsquery('tasks_search'::regconfig, ${q})`;
  return { match: sql`${document} @@ ${query}`, rank: sql<number>`ts_rank(${document}, ${query})::float8`.mapWith(Number) };
}

// ?tag=: the task is among those task_tags links to the named tags of `tagScope` (an SQL
// condition on the tag g): PostgreSQL can read the tags by idx_tags_list_name_key, their
// tasks by idx_task_tags_tag, and join them to the list's range as a semi-join. With
// tagMode=all, a task must carry as many of them as there are distinct names (folded): a
// list that lacks one of the names has no task with all of them.
function tagFilterOf(names: string[], mode: TagMode, tagScope: SQL): SQL {
  const keys = sql`array(select distinct tasks_title_key(value) from json_array_elements_text(${jsonArray(names)}))`;
  const tagIds = sql`array(select g.id from ${tags} g where ${tagScope} and tasks_title_key(g.name) = any(${keys}))`;
  const carrying = sql`select tt.task_id from ${taskTags} tt where tt.tag_id = any(${tagIds})`;
  if (mode === "any") return sql`${tasks.id} in (${carrying})`;
  return sql`${tasks.id} in (${carrying} group by tt.task_id having count(*) = cardinality(${keys}))`;
}

// The filters on one list's tasks, written on the tasks table itself: the same whether they
// go inside each list's lateral branch or beside the membership filter of a search. `tagScope`
// says which lists' tags ?tag= names (the branch's list, or the caller's).
function filtersOf(query: ListTasksQuery, plan: Plan, inputs: Inputs, tagScope: SQL, search: Search | undefined): SQL[] {
  const filters: SQL[] = [];
  if (query.status !== "all") filters.push(eq(tasks.completed, inputs.completed));
  if (query.priority) filters.push(inArray(tasks.priority, query.priority));
  // dueBefore is exclusive and dueAfter inclusive, so consecutive ranges never overlap;
  // a task without a due date matches neither. Upper bounds go on the +infinity expression
  // and lower bounds on the -infinity one: the index of each then holds just the range.
  if (query.dueBefore) filters.push(sql`${DUE_OR_INFINITY} < ${timestamptz(query.dueBefore)}`);
  if (query.dueAfter) filters.push(sql`${DUE_OR_MINUS_INFINITY} >= ${timestamptz(query.dueAfter)}`);
  if (query.overdue !== undefined) filters.push(query.overdue ? OVERDUE : NOT_OVERDUE);
  if (query.hasDueDate !== undefined) filters.push(query.hasDueDate ? isNotNull(tasks.dueDate) : isNull(tasks.dueDate));
  if (search) filters.push(search.match);
  if (query.tag) filters.push(tagFilterOf(query.tag, query.tagMode ?? "any", tagScope));
  if (plan.sort === "dueDate") {
    // Sorting by due date scans one of the two: the other bound goes on it too, so that
    // the scan is one range from the first task in it to the last.
    const key = plan.key.expression(plan.order);
    if (plan.order === "asc" && query.dueAfter) filters.push(sql`${key} >= ${timestamptz(query.dueAfter)}`);
    if (plan.order === "desc" && query.dueBefore) filters.push(sql`${key} < ${timestamptz(query.dueBefore)}`);
  }
  return filters;
}

type Plan = ReturnType<typeof planOf>;

/** How a query lists: its sort (rank when searching without one), order, and cursor binding. */
function planOf(query: ListTasksQuery) {
  const search = query.q === undefined ? undefined : searchFor(query.q);
  const sort: ListSort = query.sort ?? (search ? "rank" : "createdAt");
  const order: SortOrder = query.order ?? "desc";
  // A cursor is valid only for the listing it came from: same sort, order, filters and list
  // (normalised: defaults applied, priorities in canonical order, instants as millis), so
  // one list's cursor cannot continue "all lists" or another list.
  const binding = JSON.stringify([
    sort,
    order,
    query.status,
    query.priority ?? null,
    query.dueBefore?.getTime() ?? null,
    query.dueAfter?.getTime() ?? null,
    query.overdue ?? null,
    query.hasDueDate ?? null,
    query.q ?? null,
    query.listId ?? null,
    // Appended, so that the cursors of listings without a tag filter stay as they were.
    ...(query.tag ? [query.tag, query.tagMode ?? "any"] : []),
  ]);
  return { search, sort, order, key: sortKey(sort, search), cursor: { binding, secret: config().authSecret } };
}

/**
 * The list query alone, so that its plan can be checked (tests/integration/store.test.ts).
 *
 * Without q, one statement over the caller's memberships: for each list they are a member
 * of (or just `listId`), a LATERAL branch reads that list's page from the list's index of
 * the sort, (list_id, key, id), starting after the cursor: one bounded index range of at
 * most limit + 1 rows per list. The outer query merges the branches with a sort of at most
 * lists x (limit + 1) rows and keeps the first limit + 1. Membership is the join itself, so
 * a removed member's next page finds nothing, with no extra round trip; and the statement
 * is one text whatever the number of lists (or listId, a parameter that may be null).
 *
 * With q, the matches come from the GIN index (one bitmap for all the caller's lists), kept
 * to the lists of memberLists: a branch per list would read the GIN index once per list.
 */
export function listTasksStatement(db: Executor, userId: string, query: ListTasksQuery, scope?: SearchScope, plan: Plan = planOf(query)) {
  return buildStatement(db, query, scope, plan, inputsOf(userId, query, plan));
}

/**
 * The values a listing's statement takes: the real ones (inputsOf), or placeholders for a
 * statement compiled once per shape (db/compiled.ts) and given them at each run.
 */
type Bound<T> = T | Placeholder;
type Inputs = {
  userId: Bound<string>;
  listId: Bound<string | null>;
  limit: Bound<number>;
  completed: Bound<boolean>;
  /** The search's text (q), when there is one. */
  q?: Bound<string>;
  after?: { key: Bound<string | number>; id: Bound<string> };
};

function inputsOf(userId: string, query: ListTasksQuery, plan: Plan): Inputs {
  const inputs: Inputs = { userId, listId: query.listId ?? null, limit: query.limit + 1, completed: query.status === "completed" };
  if (query.q !== undefined) inputs.q = query.q;
  if (query.cursor === undefined) return inputs;
  const after = decodeCursor(query.cursor, plan.cursor);
  const key = plan.key.param(after.key, plan.order);
  if (key === undefined) throw invalidCursor();
  return { ...inputs, after: { key, id: after.id } };
}

const PLACEHOLDERS = (query: ListTasksQuery): Inputs => ({
  userId: sql.placeholder("userId"),
  listId: sql.placeholder("listId"),
  limit: sql.placeholder("limit"),
  completed: sql.placeholder("completed"),
  ...(query.q === undefined ? {} : { q: sql.placeholder("q") }),
  ...(query.cursor === undefined ? {} : { after: { key: sql.placeholder("afterKey"), id: sql.placeholder("afterId") } }),
});

/** The placeholders' values for a compiled statement (PLACEHOLDERS' names). */
function placeholderValues(inputs: Inputs): Record<string, unknown> {
  const { after, ...rest } = inputs;
  return after ? { ...rest, afterKey: after.key, afterId: after.id } : rest;
}

function buildStatement(db: Executor, query: ListTasksQuery, scope: Bound<SearchScope> | undefined, plan: Plan, inputs: Inputs) {
  const { sort, order } = plan;
  const { userId } = inputs;
  // The search and its rank key, on the inputs' q (a value, or a compiled statement's placeholder).
  const search = inputs.q === undefined ? undefined : searchFor(inputs.q);
  const key = sortKey(sort, search);
  const inList = query.listId === undefined ? sql`true` : sql`m.list_id = ${inputs.listId}`;
  const members = sql`from ${listMembers} m join ${lists} l on l.id = m.list_id
    where m.user_id = ${userId} and m.role in ${roleIn(READING_ROLES)} and ${inList}`;
  // A search reads the tags of all the caller's lists at once; a list's branch, its list's.
  const tagScope = search ? sql`g.list_id = any(array(select m.list_id ${members}))` : sql`g.list_id = ${listMembers.listId}`;
  const filters = filtersOf(query, plan, inputs, tagScope, search);
  const expression = key.expression(order);
  if (inputs.after) {
    // A row comparison: PostgreSQL turns it into a range of the sort's index.
    filters.push(sql`(${expression}, ${tasks.id}) ${sql.raw(order === "desc" ? "<" : ">")} (${key.compared(inputs.after.key)}, ${inputs.after.id})`);
  }
  const direction = order === "desc" ? desc : asc;
  const { limit } = inputs;
  if (search) {
    // The caller's lists as arrays, each an InitPlan evaluated once: `list_id = any(...)` is
    // an index condition, so PostgreSQL can AND a bitmap of the lists' tasks with the GIN
    // index's matches, and the owner check (list and owner as one text, the ids never hold
    // a "/") is a filter on the rows found. No join: as one (reachableTasks), PostgreSQL
    // read each list's tasks through the join and computed the search document of every
    // one of them (885 ms for the bench's heavy user), or fetched every user's matches.
    //
    // The planner cannot see into an InitPlan, though: it took every caller for one with
    // big lists, and for a 100-task user ANDed the list with the GIN index's matches of
    // every user (some 60,000 for the bench's word: 135 requests/s against 520 before
    // lists). So the lists as they were read just before (scope.lists, a parameter of this
    // unnamed statement, planned for its values) give it each list's size from its
    // statistics: a small list is read by its own index and its few tasks checked, a big
    // one ANDed with the GIN matches. Access is still the InitPlan's, read in this very
    // statement: a list left in between matches nothing.
    // Without a scope (a caller that did not read one), the same rows, planned blind.
    const scopeArray = scope !== undefined && "lists" in scope ? scopeText(scope) : scope;
    const planned = scopeArray === undefined ? undefined : sql`${tasks.listId} = any(${scopeArray}::varchar[])`;
    const listIds = sql`${tasks.listId} = any(array(select m.list_id ${members}))`;
    const owned = sql`(${tasks.listId} || '/' || ${tasks.userId}) = any(array(select m.list_id || '/' || l.owner_id ${members}))`;
    return db
      .select({ task: tasks, rank: (sort === "rank" ? search.rank : sql<null>`null`).as("rank") })
      .from(tasks)
      .where(and(planned, listIds, owned, ...filters))
      .orderBy(direction(expression), direction(tasks.id))
      .limit(limit);
  }
  // One list's page, from the list's index.
  const page = db
    .select({ ...getTableColumns(tasks), sortKey: sql`${expression}`.as("sort_key") })
    .from(tasks)
    .where(and(eq(tasks.listId, listMembers.listId), ...filters))
    .orderBy(direction(expression), direction(tasks.id))
    .limit(limit)
    .as("t");
  const listId = sql`${inputs.listId}::varchar`;
  // The branch's own columns as they are ("t".*, the task's and its sort_key): read as raw
  // rows by taggedTaskFromRow, they need no per-column selection to build on every request.
  return db
    .select({ task: sql`"t".*`, rank: sql<null>`null`.as("rank") })
    .from(listMembers)
    .innerJoin(lists, eq(lists.id, listMembers.listId))
    .crossJoinLateral(page)
    .where(
      and(
        eq(listMembers.userId, userId),
        sql`${listMembers.role} in ${roleIn(READING_ROLES)}`,
        sql`(${listId} is null or ${listMembers.listId} = ${listId})`,
        // The seed's rule, on the rows the branches found: a task is its list owner's (it
        // always is: store.ts moves user_id with the list). Out here, not in the branch:
        // there, PostgreSQL took it for a filter that keeps a tenth of a list's tasks, and
        // from that misestimate chose to read every task of the list and sort them (or
        // idx_tasks_user_id: all of the owner's lists) over one range of the sort's index.
        eq(page.userId, lists.ownerId),
      ),
    )
    .orderBy(direction(page.sortKey), direction(page.id))
    .limit(limit);
}

/** What a search reads: the ids of the lists it covers, as they are now (see listTasksStatement). */
export type SearchScope = { lists: string[] };

/** The caller's readable lists (or just listId), read only for a search: other pages need none. */
export async function searchScope(db: Executor, userId: string, query: ListTasksQuery): Promise<SearchScope> {
  if (query.q === undefined) return { lists: [] };
  const listId = sql`${sql.placeholder("listId")}::varchar`;
  const build = () => sql`select m.list_id from ${listMembers} m
    where m.user_id = ${sql.placeholder("userId")} and m.role in ${roleIn(READING_ROLES)} and (${listId} is null or m.list_id = ${listId})`;
  const rows = rowsOf<{ list_id: string }>(await runCompiled(db, "search-scope", build, { userId, listId: query.listId ?? null }));
  return { lists: rows.map((row) => row.list_id) };
}

/** A scope as the text of a PostgreSQL array (list ids are UUIDs: nothing to quote). */
const scopeText = (scope: SearchScope) => `{${scope.lists.join(",")}}`;

// Which pages are prepared statements (db/gated-client.ts). A connection keeps every text
// it prepared, some 27 KB of its backend's memory each, for its whole life (up to an hour),
// and the filters combine into thousands of texts: one sweep of them grew a backend from 10
// to 157 MB. So only pages filtered by nothing but status (and listId, a parameter of the
// same text) are prepared: 5 sorts x 2 orders x (first, later page) x (every status, one)
// = at most 40 texts per connection. Any other filter, or a search, is sent unnamed and
// planned for its own values each time, which is also the plan the plan tests check
// (store.test.ts). A search must never get a generic plan anyway: for `user_id = $1 and
// document @@ query($2)` it reads every user's matches (the bench's search fell from about
// 500 to 160 requests/s). A filter added to the query later is unprepared until it is
// listed here.
const PREPARED_BY = new Set<string>(["listId", "status", "sort", "order", "limit", "cursor"] satisfies (keyof ListTasksQuery)[]);
const isPreparedShape = (query: ListTasksQuery) => Object.entries(query).every(([name, value]) => value === undefined || PREPARED_BY.has(name));
// What makes one prepared shape's text differ from another's (its values are parameters).
const shapeOf = (query: ListTasksQuery, plan: Plan) => JSON.stringify([plan.sort, plan.order, query.status, query.cursor !== undefined]);

// A search filtered by nothing else (but status and listId) is compiled once per shape too,
// and still sent unnamed: planned for its own q and scope every time (see PREPARED_BY).
const SEARCHED_BY = new Set<string>([...PREPARED_BY, "q"]);
const isCompiledSearch = (query: ListTasksQuery) =>
  query.q !== undefined && Object.entries(query).every(([name, value]) => value === undefined || SEARCHED_BY.has(name));
// A search's text names listId only when it is given (its lists are the InitPlan's).
const searchShapeOf = (query: ListTasksQuery, plan: Plan) =>
  JSON.stringify(["q", plan.sort, plan.order, query.status, query.cursor !== undefined, query.listId !== undefined]);

/** The tasks of the caller's lists (or of one), filtered and sorted, one keyset page at a time. */
export async function listTasks(userId: string, query: ListTasksQuery): Promise<TaskPage> {
  const plan = planOf(query);
  const db = await database();
  if (query.listId !== undefined && !isUuid(query.listId)) throw await emptyPage(db, userId, query.listId);
  const inputs = inputsOf(userId, query, plan);
  // Raw rows, decoded by taggedTaskFromRow: the same values as the typed select's, for less CPU.
  // The prepared shapes are compiled once each (db/compiled.ts); searchPage says the rest.
  const result = isPreparedShape(query)
    ? await runCompiled(db, shapeOf(query, plan), () => buildStatement(db, query, undefined, plan, PLACEHOLDERS(query)).getSQL(), placeholderValues(inputs))
    : await searchPage(db, userId, query, plan, inputs);
  const rows = rowsOf<Record<string, unknown>>(result).map(
    (row): Row => ({ task: taggedTaskFromRow(row), rank: (row.rank as number | null) ?? null }),
  );
  if (rows.length === 0) await emptyPage(db, userId, query.listId);
  const items = rows.slice(0, query.limit).map((row) => row.task);
  const last = rows[query.limit - 1];
  if (rows.length <= query.limit || !last) return { items, nextCursor: null };
  const { key, cursor } = plan;
  return { items, nextCursor: encodeCursor({ key: key.of(last), id: last.task.id }, cursor) };
}

/**
 * A search, or a page with any other filter: the caller's lists read first by a prepared
 * statement (searchScope), then the page sent unnamed, planned for its own values. A search
 * filtered by nothing else is compiled once per shape; the rest are built for their values.
 */
async function searchPage(db: Executor, userId: string, query: ListTasksQuery, plan: Plan, inputs: Inputs): Promise<unknown> {
  const scope = await searchScope(db, userId, query);
  if (!isCompiledSearch(query)) return unprepared(async () => db.execute(buildStatement(db, query, scope, plan, inputs).getSQL()));
  const build = () => buildStatement(db, query, sql.placeholder("scope"), plan, PLACEHOLDERS(query)).getSQL();
  return unprepared(() => runCompiled(db, searchShapeOf(query, plan), build, { ...placeholderValues(inputs), scope: scopeText(scope) }));
}

/**
 * Why a page (or a count) found nothing, looked up only then, off the hot path: the account
 * is gone (401), or listId names no list the caller is a member of (404, as for one that
 * does not exist). Otherwise nothing matched, and the empty page is the answer.
 */
export async function emptyPage(db: Executor, userId: string, listId: string | undefined): Promise<void> {
  await assertOwnerExists(db, userId);
  if (listId !== undefined && (!isUuid(listId) || (await memberRole(db, userId, listId)) === undefined)) throw listMiss();
}
