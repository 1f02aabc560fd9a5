// The reference's data layer: the app's own SQL (lib/tasks/store.ts, list.ts,
// tombstones.ts, lib/lists/access.ts: every task reached through the caller's memberships)
// on postgres.js tagged templates, which are prepared statements. The list covers what the
// scenarios use: the default order (created_at desc), status, listId, q (by rank), tag and
// tagMode (outside search) and a signed keyset cursor.
import { createHmac } from "node:crypto";
import type postgres from "postgres";
import { isUuid, newTaskId, timeOfTaskId } from "@/lib/tasks/ids";

const TASK_CAP = 10_000; // MAX_TASKS_PER_USER's default, as the app runs in the bench
const COLUMNS = "id, user_id, list_id, created_by, updated_by, title, description, completed, priority, due_date, created_at, updated_at, revision, txid";
// What every task answer adds (lib/tags/of-task.ts): its comment count and its tags, both
// columns of its row (tasks.tag_list, kept by migration 0011's triggers).
const READ = `${COLUMNS}, comment_count, tag_list as tags`;
// The roles of lib/lists/access.ts: every role reads, editor and above writes.
const READERS = "'owner', 'admin', 'editor', 'viewer'";
const EDITORS = "'owner', 'admin', 'editor'";
const DOCUMENT = `to_tsvector('tasks_search'::regconfig, title || ' ' || coalesce(description, ''))`;

type Row = Record<string, unknown> & { id: string; revision: string; created_at: Date; rank?: number | null };
export type ListQuery = {
  status?: "pending" | "completed"; q?: string; cursor?: string; limit: number; listId?: string;
  /** ?tag=, sorted and each once (lib/tags/schemas.ts tagFilter), and tagMode. */
  tag?: string[]; tagMode?: "any" | "all";
};

export function taskJson(row: Row) {
  return {
    id: row.id,
    listId: row.list_id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    dueDate: (row.due_date as Date | null)?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    tags: row.tags,
    commentCount: row.comment_count,
  };
}

// The app's cursor: base64url([key, id]) "." HMAC over it and the listing, 128 bits.
function mac(payload: string, binding: string, secret: string): string {
  const key = createHmac("sha256", secret).update("tasks-cursor-v1").digest();
  return createHmac("sha256", key).update(`${payload}.${binding}`).digest().subarray(0, 16).toString("base64url");
}

// lib/tasks/list.ts tagFilterOf, in a list's branch (m): the tasks task_tags links to the
// branch list's tags of those names (folded); with "all", to as many as there are names.
function tagFilter(db: postgres.Sql, names: string[], mode: "any" | "all") {
  const keys = db`array(select distinct tasks_title_key(value) from json_array_elements_text(${JSON.stringify(names)}::text::json))`;
  const tagIds = db`array(select g.id from tags g where g.list_id = m.list_id and tasks_title_key(g.name) = any(${keys}))`;
  const carrying = db`select tt.task_id from task_tags tt where tt.tag_id = any(${tagIds})`;
  return mode === "any" ? db`and tasks.id in (${carrying})` : db`and tasks.id in (${carrying} group by tt.task_id having count(*) = cardinality(${keys}))`;
}

export function taskStore(sql: postgres.Sql, secret: string, unprepared: postgres.Sql) {
  const cols = sql.unsafe(COLUMNS);
  const read = sql.unsafe(READ);
  async function list(userId: string, query: ListQuery) {
    const binding = JSON.stringify([query.q ? "rank" : "createdAt", "desc", query.status ?? "all", null, null, null, null, null, query.q ?? null, query.listId ?? null,
      ...(query.tag ? [query.tag, query.tagMode ?? "any"] : [])]);
    let after: [number, string] | undefined;
    if (query.cursor) {
      const [payload, given] = query.cursor.split(".");
      if (!payload || given !== mac(payload, binding, secret)) return undefined;
      after = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [number, string];
    }
    const limit = query.limit + 1;
    let rows: Row[];
    if (query.q) {
      // lib/tasks/list.ts: the GIN matches ANDed with the caller's list ids, kept to their owners.
      const u = unprepared;
      const q = u`websearch_to_tsquery('tasks_search'::regconfig, ${query.q})`;
      const rank = u`ts_rank(${u.unsafe(DOCUMENT)}, ${q})::float8`;
      const keyset = after ? u`and (${rank}, id) < (${after[0]}::float8, ${after[1]})` : u``;
      const completed = query.status ? u`and completed = ${query.status === "completed"}` : u``;
      const inList = query.listId ? u`and m.list_id = ${query.listId}` : u``;
      rows = await u<Row[]>`select ${u.unsafe(READ)}, ${rank} as rank from tasks
        where list_id = any(array(select m.list_id from list_members m where m.user_id = ${userId} and m.role in (${u.unsafe(READERS)}) ${inList}))
          and (list_id, user_id) in (select m.list_id, l.owner_id from list_members m join lists l on l.id = m.list_id
            where m.user_id = ${userId} and m.role in (${u.unsafe(READERS)}))
          ${completed} and ${u.unsafe(DOCUMENT)} @@ ${q} ${keyset}
        order by ${rank} desc, id desc limit ${limit}`;
    } else {
      // lib/tasks/list.ts: a LATERAL branch per membership, one range of idx_tasks_list_created each.
      // A tag filter is not among the prepared shapes (PREPARED_BY): planned at each execution.
      const db = query.tag ? unprepared : sql;
      const keyset = after ? db`and (created_at, id) < (${new Date(after[0]).toISOString()}::timestamptz, ${after[1]})` : db``;
      const completed = query.status ? db`and completed = ${query.status === "completed"}` : db``;
      const tagged = query.tag ? tagFilter(db, query.tag, query.tagMode ?? "any") : db``;
      const listId = query.listId ?? null;
      rows = await db<Row[]>`select t.*, null
        from list_members m join lists l on l.id = m.list_id
        cross join lateral (select ${db.unsafe(READ)} from tasks where tasks.list_id = m.list_id ${completed} ${keyset} ${tagged}
          order by created_at desc, id desc limit ${limit}) t
        where m.user_id = ${userId} and m.role in (${db.unsafe(READERS)}) and (${listId}::varchar is null or m.list_id = ${listId})
          and t.user_id = l.owner_id
        order by t.created_at desc, t.id desc limit ${limit}`;
    }
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    if (rows.length <= query.limit || !last) return { items: items.map(taskJson), nextCursor: null };
    const key = query.q ? last.rank! : last.created_at.getTime();
    const payload = Buffer.from(JSON.stringify([key, last.id])).toString("base64url");
    return { items: items.map(taskJson), nextCursor: `${payload}.${mac(payload, binding, secret)}` };
  }

  async function get(userId: string, id: string): Promise<Row | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await sql<Row[]>`select ${read} from tasks where id = ${id}
      and (list_id, user_id) in (select m.list_id, l.owner_id from list_members m join lists l on l.id = m.list_id
        where m.user_id = ${userId} and m.role in (${sql.unsafe(READERS)}))`;
    return row;
  }

  // One statement, as the app's (lib/tasks/store.ts createTask): the Inbox through the
  // caller's membership, the owner's counter (under the cap), the task.
  async function create(userId: string, body: Record<string, unknown>): Promise<Row> {
    const id = newTaskId();
    const at = timeOfTaskId(id);
    const [row] = await sql<Row[]>`with target as (
        select lists.id as target_list, lists.owner_id as target_owner from lists
        join list_members on list_members.list_id = lists.id and list_members.user_id = ${userId}
        where lists.owner_id = ${userId} and lists.is_inbox and list_members.role in (${sql.unsafe(EDITORS)})),
      counted as (
        insert into task_counters (user_id, task_count, tombstone_count, horizon) select target_owner, 1, 0, 0 from target
        on conflict (user_id) do update set task_count = task_counters.task_count + 1
        where task_counters.task_count < ${TASK_CAP}::integer returning user_id as counted_owner)
      insert into tasks (${cols}) select ${id}, target_owner, target_list, ${userId}, ${userId}, ${body.title as string},
        ${(body.description as string) ?? null}, ${(body.completed as boolean) ?? false}, ${(body.priority as string) ?? null},
        ${(body.dueDate as string) ?? null}, ${at}, ${at}, nextval('task_revisions'), pg_current_xact_id()::text::bigint
      from target join counted on counted_owner = target_owner
      returning ${read}`;
    if (!row) throw new Error("task cap reached");
    return row;
  }

  // PATCH sets the given fields; toggle (no changes) flips completed. As the app's writeTask.
  async function update(userId: string, id: string, changes?: Record<string, unknown>): Promise<Row | undefined> {
    if (!isUuid(id)) return undefined;
    const rest = sql`updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond'),
      revision = nextval('task_revisions'), txid = pg_current_xact_id()::text::bigint, updated_by = ${userId}
      where id = ${id} and (list_id, user_id) in (select m.list_id, l.owner_id from list_members m join lists l on l.id = m.list_id
        where m.user_id = ${userId} and m.role in (${sql.unsafe(EDITORS)})) returning ${sql.unsafe(READ)}`;
    const [row] = changes
      ? await sql<Row[]>`update tasks set ${sql(changes)}, ${rest}`
      : await sql<Row[]>`update tasks set completed = not completed, ${rest}`;
    return row;
  }

  const FIELDS = { title: "title", description: "description", priority: "priority", completed: "completed", dueDate: "due_date" };
  const patch = (userId: string, id: string, body: Record<string, unknown>) =>
    update(userId, id, Object.fromEntries(Object.entries(FIELDS).filter(([k]) => body[k] !== undefined).map(([k, c]) => [c, body[k]])));
  const toggle = (userId: string, id: string) => update(userId, id);

  // lib/tasks/tombstones.ts buryTasks, for one task the caller may edit.
  async function remove(userId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const where = sql`tasks.id = ${id} and (tasks.list_id, tasks.user_id) in (select m.list_id, l.owner_id from list_members m
      join lists l on l.id = m.list_id where m.user_id = ${userId} and m.role in (${sql.unsafe(EDITORS)}))`;
    const rows = await sql`
      with locked as (
        select user_id from task_counters where user_id in (select tasks.user_id from tasks where ${where}) order by user_id for update
      ), gone as (
        delete from tasks where ${where} and tasks.user_id in (select user_id from locked)
        returning tasks.id as id, tasks.list_id as list_id, tasks.user_id as user_id
      ), per_owner as (select user_id, count(*)::integer as n from gone group by user_id
      ), counter as (
        update task_counters set task_count = task_counters.task_count - per_owner.n,
          tombstone_count = task_counters.tombstone_count + per_owner.n
        from per_owner where task_counters.user_id = per_owner.user_id
        returning task_counters.user_id as user_id, task_counters.tombstone_count as tombstones
      )
      insert into task_tombstones (user_id, list_id, task_id) select user_id, list_id, id from gone
      returning user_id, (select tombstones from counter where counter.user_id = task_tombstones.user_id) as tombstones,
        (select oldest.deleted_at < now() - make_interval(days => 30) from task_tombstones oldest
          where oldest.user_id = task_tombstones.user_id order by oldest.txid limit 1) as "oldestExpired"`;
    // The app then compacts a user's tombstones once past 2,000 (lib/tasks/tombstones.ts):
    // one more statement per 200 deletes at most, not mirrored here.
    return rows.length > 0;
  }

  return { list, get, create, patch, toggle, remove };
}
