import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { linkTagsInBulk } from "@/db/tag-lists";
import { listTasks, listTasksStatement, searchScope } from "@/lib/tasks/list";
import { listTasksQuery, type ListTasksQuery } from "@/lib/tasks/list-query";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, inboxOf, insertList } from "../support/shared-lists";
import { staleTagLists } from "../support/tag-lists";

// The plans of pages with tags, on PostgreSQL, for a user with 50,000 tasks in five lists
// (three of their own, two shared with them) among other users' tasks and 2,000 other lists,
// each task carrying 0 to 3 of its list's 8 tags. A page's tags come with its rows (tasks.tag_list); a tag
// filter finds the tags by idx_tags_list_name_key and their tasks by idx_task_tags_tag, and
// never scans tasks, task_tags or tags.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

const TAGS = ["home", "work", "errands", "urgent", "someday", "family", "money", "health"];

describe.runIf(process.env.DATABASE_URL)("tag plans on PostgreSQL", () => {
  let heavy: string;
  let family: string;
  let client: postgres.Sql;

  beforeAll(async () => {
    const db = await database();
    heavy = await insertUser("heavy-id");
    const lights = await Promise.all(Array.from({ length: 4 }, (_, i) => insertUser(`light-${i}`)));
    family = await insertList(lights[0]!, "Family");
    const team = await insertList(lights[1]!, "Team");
    await addMember(family, heavy, "editor");
    await addMember(team, heavy, "viewer");
    const filled: [string, string, number][] = [
      [heavy, await inboxOf(heavy), 20000],
      [heavy, await insertList(heavy, "Work"), 10000],
      [heavy, await insertList(heavy, "Home"), 10000],
      [lights[0]!, family, 5000],
      [lights[1]!, team, 5000],
      ...(await Promise.all(lights.map(async (light): Promise<[string, string, number]> => [light, await inboxOf(light), 5000]))),
    ];
    for (const [owner, list, count] of filled) {
      await db.execute(sql`
        insert into tasks (id, user_id, list_id, title, completed, created_at, updated_at)
        select gen_random_uuid()::text, ${owner}, ${list}, 'task ' || i, i % 3 = 0, now() - i * interval '1 second', now() - i * interval '1 second'
        from generate_series(1, ${count}) as i`);
      await db.execute(sql`
        insert into tags (id, list_id, name) select gen_random_uuid()::text, ${list}, name
        from unnest(${`{${TAGS.join(",")}}`}::text[]) as name`);
    }
    // Other accounts' lists, each with its 8 tags, as a real database has many.
    await db.execute(sql`
      insert into lists (id, owner_id, name) select gen_random_uuid()::text, ${lights[2]!}, 'other ' || i from generate_series(1, 2000) as i`);
    await db.execute(sql`
      insert into tags (id, list_id, name) select gen_random_uuid()::text, l.id, n.tag
      from lists l cross join unnest(${`{${TAGS.join(",")}}`}::text[]) as n(tag) where l.name like 'other %'`);
    // 0-3 tags per task, as the bench seeds them (bench/seed-sql.ts).
    await linkTagsInBulk(
      db,
      sql`
      insert into task_tags (task_id, tag_id, list_id)
      select t.id, g.id, t.list_id from tasks t cross join generate_series(1, 3) as k
      join tags g on g.list_id = t.list_id
        and g.name = (${`{${TAGS.join(",")}}`}::text[])[1 + (abs(hashtext(t.id)) + 3 * k) % 8]
      where k <= abs(hashtext(t.id)) % 4`,
    );
    await db.execute(sql`analyze`);
    client = postgres(env.db.databaseUrl!, { max: 1, onnotice: () => {} });
  });
  afterAll(() => client?.end());

  async function planOf(query: ListTasksQuery): Promise<string> {
    const db = await database();
    const { sql: text, params } = listTasksStatement(db, heavy, query, await searchScope(db, heavy, query)).toSQL();
    return (await client.unsafe(`explain (analyze, costs off, timing off, summary off) ${text}`, params as never[])).map((r) => r["QUERY PLAN"]).join("\n");
  }
  const parse = (raw: Record<string, string>) => listTasksQuery.parse({ limit: "50", ...raw });

  it("a page carries its tags with its rows (tasks.tag_list): it reads neither task_tags nor tags", async () => {
    for (const query of [parse({}), parse({ listId: family }), parse({ sort: "title", order: "asc" }), parse({ q: "task" })]) {
      const plan = await planOf(query);
      expect(plan).not.toMatch(/task_tags|\btags\b/);
      expect(plan).not.toMatch(/Seq Scan on tasks/);
    }
    // And the tags are there: a first page's, as the links say.
    const page = await listTasks(heavy, parse({}));
    expect(page.items.some((t) => t.tags.length > 0)).toBe(true);
    expect(await staleTagLists(await database())).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ["one tag, every list", { tag: "urgent" }],
    ["one tag, one list", { tag: "urgent", listId: "family" }],
    ["two tags, any", { tag: "urgent,someday" }],
    ["two tags, all", { tag: "home,money", tagMode: "all" }],
    ["a tag, by title", { tag: "home", sort: "title", order: "asc" }],
    ["a tag, pending, by due date", { tag: "health", status: "pending", sort: "dueDate" }],
    ["a tag and a search", { tag: "work", q: "task" }],
    ["an unknown tag", { tag: "nowhere" }],
  ])("tag filter, %s: the tags by name, their tasks by tag, never a scan", async (_, raw) => {
    const query = parse({ ...raw, ...(raw.listId && { listId: family }) });
    const plan = await planOf(query);
    expect(plan).toContain("idx_tags_list_name_key");
    expect(plan).not.toMatch(/Seq Scan on (tasks|task_tags|tags)/);
    if (raw.tag !== "nowhere") expect(plan).toMatch(/idx_task_tags_tag|task_tags_task_id_tag_id_pk/);
    // A later page, the same way.
    const first = await listTasks(heavy, query);
    if (first.nextCursor) expect(await planOf({ ...query, cursor: first.nextCursor })).not.toMatch(/Seq Scan on (tasks|task_tags|tags)/);
  });
});
