import { sql } from "drizzle-orm";
import { rowsOf, type DatabaseHandle, type Executor } from "@/db/client";

// tasks.tag_list is a copy the database keeps of a task's tags (migration 0011's triggers):
// this reads every task whose copy differs from its links, computed here without the
// migration's function, so that a test can say the copy held through whatever it did.

/** The ids of the tasks whose tag_list is not what their task_tags and tags say. */
export async function staleTagLists(db: DatabaseHandle | Executor): Promise<string[]> {
  const executor = "db" in db ? db.db : db;
  const rows = rowsOf<{ id: string }>(
    await executor.execute(sql`
      select t.id from tasks t
      where t.tag_list::jsonb is distinct from coalesce((
        select jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name, 'color', g.color) order by g.name_key collate "C", g.id)
        from task_tags tt join tags g on g.id = tt.tag_id where tt.task_id = t.id), '[]'::jsonb)
      order by t.id`),
  );
  return rows.map((r) => r.id);
}
