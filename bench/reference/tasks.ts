// The reference's data layer: the app's own SQL (captured from the app with log_statement;
// lib/tasks/store.ts, list.ts, revision.ts, task-cap.ts) on postgres.js tagged templates,
// which are prepared statements. The list covers what the scenarios use: the default
// order (created_at desc), status, q (by rank) and a signed keyset cursor.
import { createHmac } from "node:crypto";
import type postgres from "postgres";
import { isUuid, newTaskId, timeOfTaskId } from "@/lib/tasks/ids";

const TASK_CAP = 10_000; // MAX_TASKS_PER_USER's default, as the app runs in the bench
const COLUMNS = "id, user_id, title, description, completed, priority, due_date, created_at, updated_at, revision";
const DOCUMENT = `to_tsvector('tasks_search'::regconfig, title || ' ' || coalesce(description, ''))`;

type Row = Record<string, unknown> & { id: string; revision: string; created_at: Date; rank?: number | null };
export type ListQuery = { status?: "pending" | "completed"; q?: string; cursor?: string; limit: number };

export function taskJson(row: Row) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    dueDate: (row.due_date as Date | null)?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

// The app's cursor: base64url([key, id]) "." HMAC over it and the listing, 128 bits.
function mac(payload: string, binding: string, secret: string): string {
  const key = createHmac("sha256", secret).update("tasks-cursor-v1").digest();
  return createHmac("sha256", key).update(`${payload}.${binding}`).digest().subarray(0, 16).toString("base64url");
}

export function taskStore(sql: postgres.Sql, secret: string, unprepared: postgres.Sql) {
  const cols = sql.unsafe(COLUMNS);
  const nextRevision = (userId: string) => sql`next_revision as (
    insert into task_counters (user_id, revision) values (${userId}, 1)
    on conflict (user_id) do update set revision = task_counters.revision + 1 returning revision)`;

  async function list(userId: string, query: ListQuery) {
    const binding = JSON.stringify([query.q ? "rank" : "createdAt", "desc", query.status ?? "all", null, null, null, null, null, query.q ?? null]);
    let after: [number, string] | undefined;
    if (query.cursor) {
      const [payload, given] = query.cursor.split(".");
      if (!payload || given !== mac(payload, binding, secret)) return undefined;
      after = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [number, string];
    }
    const status = query.status ? sql`and completed = ${query.status === "completed"}` : sql``;
    const limit = query.limit + 1;
    let rows: Row[];
    if (query.q) {
      const u = unprepared;
      const q = u`websearch_to_tsquery('tasks_search'::regconfig, ${query.q})`;
      const rank = u`ts_rank(${u.unsafe(DOCUMENT)}, ${q})::float8`;
      const keyset = after ? u`and (${rank}, id) < (${after[0]}::float8, ${after[1]})` : u``;
      const completed = query.status ? u`and completed = ${query.status === "completed"}` : u``;
      rows = await u<Row[]>`select ${u.unsafe(COLUMNS)}, ${rank} as rank from tasks
        where user_id = ${userId} ${completed} and ${u.unsafe(DOCUMENT)} @@ ${q} ${keyset}
        order by ${rank} desc, id desc limit ${limit}`;
    } else {
      const keyset = after ? sql`and (created_at, id) < (${new Date(after[0]).toISOString()}::timestamptz, ${after[1]})` : sql``;
      rows = await sql<Row[]>`select ${cols}, null from tasks where user_id = ${userId} ${status} ${keyset}
        order by created_at desc, id desc limit ${limit}`;
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
    const [row] = await sql<Row[]>`select ${cols} from tasks where id = ${id} and user_id = ${userId}`;
    return row;
  }

  // One statement, as the app's: the counter row moves (revision and task count, unless at
  // the cap) and the task is inserted from what it yields.
  async function create(userId: string, body: Record<string, unknown>): Promise<Row> {
    const id = newTaskId();
    const at = timeOfTaskId(id);
    const [row] = await sql<Row[]>`with next_revision as (
        insert into task_counters (user_id, revision, task_count) values (${userId}, 1, 1)
        on conflict (user_id) do update set revision = task_counters.revision + 1, task_count = task_counters.task_count + 1
        where task_counters.task_count < ${TASK_CAP}::integer returning revision)
      insert into tasks (${cols}) select ${id}, ${userId}, ${body.title as string}, ${(body.description as string) ?? null},
        ${(body.completed as boolean) ?? false}, ${(body.priority as string) ?? null}, ${(body.dueDate as string) ?? null},
        ${at}, ${at}, revision from next_revision
      returning ${cols}`;
    if (!row) throw new Error("task cap reached");
    return row;
  }

  // PATCH sets the given fields; toggle (no changes) flips completed. updated_at and revision as the app.
  async function update(userId: string, id: string, changes?: Record<string, unknown>): Promise<Row | undefined> {
    if (!isUuid(id)) return undefined;
    const rest = sql`updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond'),
      revision = (select revision from next_revision) where id = ${id} and user_id = ${userId} returning ${cols}`;
    const [row] = changes
      ? await sql<Row[]>`with ${nextRevision(userId)} update tasks set ${sql(changes)}, ${rest}`
      : await sql<Row[]>`with ${nextRevision(userId)} update tasks set completed = not completed, ${rest}`;
    return row;
  }

  const FIELDS = { title: "title", description: "description", priority: "priority", completed: "completed", dueDate: "due_date" };
  const patch = (userId: string, id: string, body: Record<string, unknown>) =>
    update(userId, id, Object.fromEntries(Object.entries(FIELDS).filter(([k]) => body[k] !== undefined).map(([k, c]) => [c, body[k]])));
  const toggle = (userId: string, id: string) => update(userId, id);

  // lib/tasks/store.ts deleteWithTombstones, for one task.
  async function remove(userId: string, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await sql`
      with locked as (select 1 from task_counters where user_id = ${userId} for update),
      gone as (delete from tasks where (id = ${id} and user_id = ${userId}) and exists (select 1 from locked) returning id),
      numbered as (select id, row_number() over (order by id) as n, count(*) over () as total from gone),
      counter as (
        insert into task_counters (user_id, revision, tombstone_count) select ${userId}, count(*), count(*) from gone having count(*) > 0
        on conflict (user_id) do update set revision = task_counters.revision + excluded.revision,
          task_count = task_counters.task_count - excluded.revision,
          tombstone_count = task_counters.tombstone_count + excluded.tombstone_count returning revision, tombstone_count)
      insert into task_tombstones (user_id, task_id, revision)
      select ${userId}, numbered.id, counter.revision - numbered.total + numbered.n from numbered, counter
      returning task_id, (select tombstone_count from counter) as tombstones,
        (select deleted_at < now() - make_interval(days => 30) from task_tombstones
          where user_id = ${userId} order by revision limit 1) as "oldestExpired"`;
    // The app then compacts a user's tombstones once past 2,000 (lib/tasks/tombstones.ts):
    // one more statement per 200 deletes at most, not mirrored here.
    return rows.length > 0;
  }

  return { list, get, create, patch, toggle, remove };
}
