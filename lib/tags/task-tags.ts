import { eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { activity, tags, taskTags, type TagColor } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { TaggedTask } from "./of-task";
import type { TaskTagJson } from "./responses";

// Setting a task's tags by name, inside the transaction of the task's own write: the task
// row is written (and so locked, and the caller's right to edit it checked) first, then its
// tags follow. Names are matched in the task's list by tasks_title_key (case and accents
// folded, idx_tags_list_name_key); a name the list has no tag for creates one there, under
// MAX_TAGS_PER_LIST. Every change of a task's tag set leaves one `tagged` row in activity.

type Wanted = { name: string; color: TagColor | null };
type Found = TaskTagJson & { key: string };

// Names travel as one JSON parameter: one statement text for any number of them. Sent as
// text and cast there: a driver that sees a json parameter would encode the string again.
export const jsonArray = (values: string[]) => sql`${JSON.stringify(values)}::text::json`;

export const tagLimitReached = (cap: number) =>
  new AppError("tag_limit_reached", `A list can have at most ${cap} tags; delete one to create another.`);

// As the list orders tags (TAG_ORDER): the folded name byte by byte. Within one list each
// key is one tag, so the id never has to break a tie here.
const byKey = (a: Found, b: Found) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));

/** Until the transaction ends, this one alone creates tags in the list (every creator takes it). */
export async function lockListTags(tx: Executor, listId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`tags:${listId}`}, 0))`);
}

/** Tags of the list with these names (folded), each once: the existing ones, and the others created. */
export async function ensureTags(tx: Executor, listId: string, wanted: Wanted[]): Promise<Found[]> {
  if (wanted.length === 0) return [];
  const rows = rowsOf<{ name: string; key: string; id: string | null; tagName: string | null; color: TagColor | null }>(
    await tx.execute(sql`
      select w.name, w.key, g.id, g.name as "tagName", g.color
      from (select value as name, tasks_title_key(value) as key, i
            from json_array_elements_text(${jsonArray(wanted.map((w) => w.name))}) with ordinality as u(value, i)) w
      left join ${tags} g on g.list_id = ${listId} and tasks_title_key(g.name) = w.key
      order by w.i`),
  );
  const found = new Map<string, Found>();
  const missing = new Map<string, Wanted>();
  for (const [i, row] of rows.entries()) {
    if (row.id !== null) found.set(row.key, { id: row.id, name: row.tagName!, color: row.color, key: row.key });
    else if (!missing.has(row.key)) missing.set(row.key, { name: row.name, color: wanted[i]!.color });
  }
  for (const key of found.keys()) missing.delete(key);
  if (missing.size > 0) for (const tag of await createTags(tx, listId, [...missing.values()])) found.set(tag.key, tag);
  return [...found.values()].sort(byKey);
}

/**
 * Creates these tags (none of which the list had when asked), under the list's bound. One
 * creator of a list's tags at a time (a transaction lock on the list's tags, which nothing
 * else takes, so that it cannot close a cycle with the list's own row locks): the count is
 * then exact. A name another transaction created meanwhile is found, not created twice.
 */
async function createTags(tx: Executor, listId: string, missing: Wanted[]): Promise<Found[]> {
  await lockListTags(tx, listId);
  const cap = config().maxTagsPerList;
  const [counted] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::integer as n from ${tags} where list_id = ${listId}`));
  const created = await tx
    .insert(tags)
    .values(missing.map((m) => ({ id: crypto.randomUUID(), listId, name: m.name, color: m.color })))
    .onConflictDoNothing()
    .returning({ id: tags.id, name: tags.name, color: tags.color, key: sql<string>`tasks_title_key(${tags.name})` });
  if ((counted?.n ?? 0) + created.length > cap) throw tagLimitReached(cap);
  if (created.length === missing.length) return created;
  // Some were made meanwhile, before this transaction held the lock: they are there now.
  return ensureTags(tx, listId, missing);
}

/**
 * Gives the written task exactly the tags named (its list's, created when missing): one
 * statement drops the others and adds the new ones; when that changed anything, one row in
 * activity says from what to what. `task.tags` is its set before.
 */
export async function retagTask(tx: Executor, actorId: string, task: TaggedTask, names: string[]): Promise<TaggedTask> {
  const next = await ensureTags(
    tx,
    task.listId,
    names.map((name) => ({ name, color: null })),
  );
  const same = next.length === task.tags.length && next.every((tag) => task.tags.some((t) => t.id === tag.id));
  const changed = !same && (await linkTags(tx, task.id, task.listId, next));
  const tagsNow = next.map(({ id, name, color }) => ({ id, name, color }));
  if (changed) await recordTagging(tx, actorId, task, task.tags, tagsNow);
  return { ...task, tags: tagsNow };
}

/** Makes the task's links exactly `next`; whether any went or came. */
async function linkTags(tx: Executor, taskId: string, listId: string, next: { id: string }[]): Promise<boolean> {
  const ids = jsonArray(next.map((t) => t.id));
  const [result] = rowsOf<{ changed: boolean }>(
    await tx.execute(sql`
      with wanted as (select value as tag_id from json_array_elements_text(${ids})),
      gone as (
        delete from ${taskTags} where task_id = ${taskId} and tag_id not in (select tag_id from wanted) returning tag_id
      ),
      added as (
        insert into ${taskTags} (task_id, tag_id, list_id) select ${taskId}, tag_id, ${listId} from wanted
        on conflict do nothing returning tag_id
      )
      select exists (select 1 from gone) or exists (select 1 from added) as changed`),
  );
  return result?.changed === true;
}

async function recordTagging(tx: Executor, actorId: string, task: TaggedTask, from: TaskTagJson[], to: TaskTagJson[]) {
  await tx.insert(activity).values({
    listId: task.listId,
    taskId: task.id,
    taskTitle: task.title,
    actorId,
    action: "tagged",
    changes: { tags: { from: from.map((t) => t.name), to: to.map((t) => t.name) } },
  });
}

/**
 * A task that moved to another list takes its tags there by name (created in that list,
 * with their colour, when it has none of that name): task_tags.list_id is always the
 * task's list. The names stay the same, so its tag set has not changed: no activity.
 */
export async function carryTags(tx: Executor, taskId: string, toListId: string): Promise<void> {
  const carried = await tx
    .select({ name: tags.name, color: tags.color })
    .from(taskTags)
    .innerJoin(tags, eq(tags.id, taskTags.tagId))
    .where(eq(taskTags.taskId, taskId));
  if (carried.length === 0) return;
  const next = await ensureTags(tx, toListId, carried);
  await tx.delete(taskTags).where(eq(taskTags.taskId, taskId));
  await tx.insert(taskTags).values(next.map((tag) => ({ taskId, tagId: tag.id, listId: toListId })));
}
