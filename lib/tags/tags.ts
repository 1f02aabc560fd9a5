import { and, eq, sql } from "drizzle-orm";
import { database, rowsOf, type Executor } from "@/db/client";
import { activity, tags, taskTags, tasks, type Tag } from "@/db/schema";
import { config } from "@/lib/config";
import { AppError, codeOf } from "@/lib/errors";
import { EDITING_ROLES } from "@/lib/lists/access";
import { listAccess, requireRole, type ListAccess } from "@/lib/lists/lookup";
import { isUuid } from "@/lib/tasks/ids";
import { written } from "@/lib/tasks/store";
import { TAG_ORDER } from "./of-task";
import type { TagJson } from "./responses";
import type { CreateTagBody, UpdateTagBody } from "./schemas";
import { lockListTags, tagLimitReached } from "./task-tags";

// /api/lists/{id}/tags: a list's tags. The list is found through the caller's membership
// (lib/lists/lookup.ts: not a member is the 404 of a missing list), a tag by the list's id
// AND its own (another list's tag is a 404 too). Any member reads; editors and above write.
// A rename, a recolouring or a deletion changes how every task carrying the tag looks: those
// tasks get a new revision and txid in one statement, so their ETags change and the change
// feed sends them again.

export const tagMiss = () => new AppError("not_found", "No such tag in this list.");
const nameTaken = () =>
  new AppError("conflict", "This list already has a tag of that name (case and accents ignored).", [
    { path: "name", message: "Already a tag of this list." },
  ]);
const WRITE_DENIED = "Viewers of a list cannot change its tags.";

// How many tasks carry each: a count over idx_task_tags_tag, one range per tag of the list.
const taskCount = sql<number>`(select count(*) from ${taskTags} tt where tt.tag_id = g.id)::integer`;

function tagJson(tag: Pick<Tag, "id" | "name" | "color">, count: number): TagJson {
  return { id: tag.id, name: tag.name, color: tag.color, taskCount: count };
}

/** GET /api/lists/{id}/tags: every tag of the list, by name (folded), with its task count. */
export async function listTags(userId: string, listId: string): Promise<TagJson[]> {
  const db = await database();
  const access = await listAccess(db, userId, listId);
  const rows = rowsOf<{ id: string; name: string; color: Tag["color"]; taskCount: number }>(
    await db.execute(sql`select g.id, g.name, g.color, ${taskCount} as "taskCount" from ${tags} g
      where g.list_id = ${access.listId} order by ${TAG_ORDER}`),
  );
  return rows.map((row) => tagJson(row, row.taskCount));
}

/** POST /api/lists/{id}/tags: editor or above; 409 for a name the list has, under MAX_TAGS_PER_LIST. */
export async function createTag(userId: string, listId: string, body: CreateTagBody): Promise<TagJson> {
  const db = await database();
  return db.transaction(async (tx) => {
    const access = await listAccess(tx, userId, listId);
    requireRole(access, EDITING_ROLES, WRITE_DENIED);
    // The lock every creator of this list's tags takes (task-tags.ts): the count is exact.
    await lockListTags(tx, access.listId);
    const cap = config().maxTagsPerList;
    const [counted] = await tx.select({ n: sql<number>`count(*)::integer` }).from(tags).where(eq(tags.listId, access.listId));
    if ((counted?.n ?? 0) >= cap) throw tagLimitReached(cap);
    const [tag] = await tx
      .insert(tags)
      .values({ id: crypto.randomUUID(), listId: access.listId, name: body.name, color: body.color ?? null })
      .onConflictDoNothing()
      .returning();
    if (!tag) throw nameTaken();
    return tagJson(tag, 0);
  });
}

/** PATCH /api/lists/{id}/tags/{tagId}: rename or recolour (editor or above); its tasks move on. */
export async function updateTag(userId: string, listId: string, tagId: string, patch: UpdateTagBody): Promise<TagJson> {
  const db = await database();
  try {
    return await db.transaction(async (tx) => {
      const { access, tag } = await editableTag(tx, userId, listId, tagId);
      const next = { name: patch.name ?? tag.name, color: patch.color === undefined ? tag.color : patch.color };
      if (next.name !== tag.name || next.color !== tag.color) {
        await touchTasksOf(tx, userId, access, tag.id);
        await tx
          .update(tags)
          .set({ ...next, updatedAt: sql`now()` })
          .where(and(eq(tags.id, tag.id), eq(tags.listId, access.listId)));
      }
      const [counted] = rowsOf<{ n: number }>(await tx.execute(sql`select ${taskCount} as n from ${tags} g where g.id = ${tag.id}`));
      return tagJson({ ...tag, ...next }, counted?.n ?? 0);
    });
  } catch (error) {
    // idx_tags_list_name_key: the new name is another tag's of this list.
    if (codeOf(error) === "23505") throw nameTaken();
    throw error;
  }
}

/**
 * DELETE /api/lists/{id}/tags/{tagId}: editor or above. Its tasks lose it: each moves on,
 * and gets a `tagged` row in activity (their tag set changed), one statement for all.
 */
export async function deleteTag(userId: string, listId: string, tagId: string): Promise<void> {
  const db = await database();
  await db.transaction(async (tx) => {
    const { access, tag } = await editableTag(tx, userId, listId, tagId);
    await touchTasksOf(tx, userId, access, tag.id);
    await recordUntagging(tx, userId, access, tag.id);
    await tx.delete(tags).where(and(eq(tags.id, tag.id), eq(tags.listId, access.listId)));
  });
}

async function editableTag(tx: Executor, userId: string, listId: string, tagId: string): Promise<{ access: ListAccess; tag: Tag }> {
  const access = await listAccess(tx, userId, listId);
  // Looked up by the list's id and its own: another list's tag is as missing as none.
  if (!isUuid(tagId)) throw tagMiss();
  const [tag] = await tx.select().from(tags).where(and(eq(tags.id, tagId), eq(tags.listId, access.listId)));
  if (!tag) throw tagMiss();
  requireRole(access, EDITING_ROLES, WRITE_DENIED);
  return { access, tag };
}

/**
 * Every task of the list carrying the tag is written: a new revision, txid and updatedAt,
 * by the caller. Locked in id order first, so that two such changes over the same tasks
 * queue rather than deadlock.
 */
async function touchTasksOf(tx: Executor, userId: string, access: ListAccess, tagId: string): Promise<void> {
  const carrying = sql`select tt.task_id from ${taskTags} tt where tt.tag_id = ${tagId}`;
  const locked = sql`select t.id from ${tasks} t where t.id in (${carrying}) and t.list_id = ${access.listId} order by t.id for no key update`;
  await tx
    .update(tasks)
    .set(written(userId))
    .where(sql`${tasks.id} in (${locked})`);
}

// For each task carrying the tag: its tag names before and after, by the tags' order.
async function recordUntagging(tx: Executor, userId: string, access: ListAccess, tagId: string): Promise<void> {
  const names = (without: boolean) => sql`coalesce((select jsonb_agg(g.name order by ${TAG_ORDER}) from ${taskTags} x
    join ${tags} g on g.id = x.tag_id where x.task_id = t.id ${without ? sql`and g.id <> ${tagId}` : sql``}), '[]'::jsonb)`;
  await tx.execute(sql`
    insert into ${activity} (list_id, task_id, task_title, actor_id, action, changes)
    select t.list_id, t.id, t.title, ${userId}, 'tagged', jsonb_build_object('tags', jsonb_build_object('from', ${names(false)}, 'to', ${names(true)}))
    from ${tasks} t join ${taskTags} tt on tt.task_id = t.id
    where tt.tag_id = ${tagId} and t.list_id = ${access.listId}
    order by t.id`);
}
