// Per-run data for the write scenarios, made in SQL and removed again so that every run
// starts from the seeded dataset: "scratch" tasks (dated 2001, after every seeded task in
// no listing's first page) for update, toggle and delete, and the cleanup of what creates added.
import type postgres from "postgres";
import { inboxesOf, insertTasksSql } from "./seed-sql";

const SCRATCH_BEFORE = "2002-01-01";
const SCRATCH_END_MS = Date.UTC(2001, 11, 1);

const literalList = (ids: string[]) => ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(",");

/** Removes the drivers' bench-made tasks, tombstones, idempotency keys and older sessions. */
export async function resetDrivers(sql: postgres.Sql, userIds: string[], seededAt: Date): Promise<void> {
  await sql`delete from tasks where user_id in ${sql(userIds)} and (created_at < ${SCRATCH_BEFORE} or created_at > ${seededAt})`;
  // The counter row counts the user's tasks (MAX_TASKS_PER_USER): set it to what is left.
  await sql`
    update task_counters set task_count = (select count(*) from tasks where tasks.user_id = task_counters.user_id)
    where user_id in ${sql(userIds)}`;
  await sql`delete from task_tombstones where user_id in ${sql(userIds)}`;
  // As a compaction of all of them would: no tombstone left, and the horizon at the top.
  await sql`update task_counters set tombstone_count = 0, horizon = pg_current_xact_id()::text::bigint where user_id in ${sql(userIds)}`;
  await sql`delete from idempotency_keys where user_id in ${sql(userIds)}`;
}

/**
 * Deletes the attachments on the users' tasks (the upload scenarios'): migration 0009's
 * trigger takes their bytes and their quota with them. VACUUM then, so that the space is
 * there for the next uploads and no autovacuum of a gigabyte of dead chunks runs into the
 * scenarios measured next.
 */
export async function deleteAttachments(sql: postgres.Sql, userIds: string[]): Promise<void> {
  await sql`delete from attachments where task_id in (select id from tasks where user_id in ${sql(userIds)})`;
  await sql.unsafe("vacuum attachments, attachment_chunks");
}

export async function deleteSessions(sql: postgres.Sql, userIds: string[]): Promise<void> {
  await sql`delete from sessions where user_id in ${sql(userIds)}`;
}

/**
 * `perUser` new tasks in each user's Inbox, counted on the user's counter as the app would,
 * answered as [userId, taskId] pairs.
 */
export async function createScratch(sql: postgres.Sql, userIds: string[], perUser: number): Promise<[string, string][]> {
  return sql.begin(async (tx) => {
    await tx`select 1 from task_counters where user_id in ${tx(userIds)} for update`;
    const owners = inboxesOf(`owner_id in (${literalList(userIds)})`);
    const rows = await tx.unsafe<{ id: string; user_id: string }[]>(
      `${insertTasksSql(owners, perUser, 300, SCRATCH_END_MS)} returning id, user_id`,
    );
    await tx`update task_counters set task_count = task_count + ${perUser} where user_id in ${tx(userIds)}`;
    return rows.map((r) => [r.user_id, r.id] as [string, string]);
  }) as Promise<[string, string][]>;
}

/** `perUser` seeded task ids of each user (for get by id), as [userId, taskId] pairs. */
export async function sampleTasks(sql: postgres.Sql, userIds: string[], perUser: number): Promise<[string, string][]> {
  const rows = await sql<{ id: string; user_id: string }[]>`
    select id, user_id from (
      select id, user_id, row_number() over (partition by user_id order by md5(id)) as n
      from tasks where user_id in ${sql(userIds)} and created_at >= ${SCRATCH_BEFORE}
    ) t where n <= ${perUser}`;
  return rows.map((r) => [r.user_id, r.id]);
}

/** Round-robin over the users, so that consecutive requests go to different users. */
export function interleave(pairs: [string, string][]): [string, string][] {
  const byUser = new Map<string, [string, string][]>();
  for (const pair of pairs) {
    const queue = byUser.get(pair[0]) ?? [];
    queue.push(pair);
    byUser.set(pair[0], queue);
  }
  const queues = [...byUser.values()];
  const out: [string, string][] = [];
  for (let i = 0; out.length < pairs.length; i++) for (const q of queues) if (q[i]) out.push(q[i]!);
  return out;
}
