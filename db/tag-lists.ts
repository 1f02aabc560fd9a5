import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "./types";

// tasks.tag_list is kept by migration 0011's triggers, a task at a time: right for the
// app's writes (one task, or the tasks of one tag), slow for a load of thousands of links
// at once (a seed: the bench's, a plan test's). Such a load goes in with the trigger off,
// and the copies are then written in one pass, by the statement the migration ends with.

/** Every tagged task's tag_list from its links, in one pass over task_tags (plain SQL: the bench seed runs it too). */
export const WRITE_EVERY_TAG_LIST_SQL = `
  update tasks t set tag_list = x.tags
  from (
    select tt.task_id, json_agg(json_build_object('id', g.id, 'name', g.name, 'color', g.color)
      order by g.name_key collate "C", g.id) as tags
    from task_tags tt join tags g on g.id = tt.tag_id group by tt.task_id) x
  where t.id = x.task_id`;

/** The trigger a bulk load of task_tags turns off (and on again after). */
export const LINKS_ADDED_TRIGGER = "task_tags_added";

/** Runs a bulk insert into task_tags (a seed's), then writes the tasks' tag_list once. */
export async function linkTagsInBulk(db: Executor, insert: SQL): Promise<void> {
  await db.execute(sql.raw(`alter table task_tags disable trigger ${LINKS_ADDED_TRIGGER}`));
  try {
    await db.execute(insert);
  } finally {
    await db.execute(sql.raw(`alter table task_tags enable trigger ${LINKS_ADDED_TRIGGER}`));
  }
  await db.execute(sql.raw(WRITE_EVERY_TAG_LIST_SQL));
}
