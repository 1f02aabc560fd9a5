import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, rowsOf } from "@/db/client";
import { activity, taskTags, tasks } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { deleteTag, updateTag } from "@/lib/tags/tags";
import { listChanges } from "@/lib/tasks/changes";
import { listTasks } from "@/lib/tasks/list";
import { listTasksQuery, SORT_ORDERS, TASK_SORTS, type ListTasksQuery } from "@/lib/tasks/list-query";
import { createTask, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { staleTagLists } from "../support/tag-lists";
import { addMember, createList } from "../support/list-fixtures";
import { untilOpenWritesEnd } from "../support/open-writes";

// ?tag= and tagMode over the data layer, with every sort and order, in every list the
// caller can see or in one: each page walk returns each matching task once, in the order
// of the unfiltered listing; and what tag changes do to tasks: the change feed re-sends the
// tasks a rename or a deletion touched, moves keep task_tags in the task's list, and every
// change of a task's tag set leaves one activity row in its own transaction.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let alice: string;
let bob: string;
let carol: string;
let mine: string; // Alice's
let shared: string; // Bob's, Alice an editor
let hidden: string; // Carol's, Alice not a member
type Made = { id: string; listId: string; tags: string[] };
const made: Made[] = [];

// Which tags task i of a list carries: every mix of none, one, two and three of them.
const TAG_SETS = [[], ["home"], ["Errands"], ["work"], ["home", "Errands"], ["home", "work"], ["Errands", "work"], ["home", "Errands", "work"]];

beforeAll(async () => {
  env = await useCleanDatabase();
  alice = await insertUser("alice-id");
  bob = await insertUser("bob-id");
  carol = await insertUser("carol-id");
  mine = await createList(alice, "Mine");
  shared = await createList(bob, "Shared");
  hidden = await createList(carol, "Hidden");
  await addMember(shared, alice, "editor");
  for (const [owner, listId] of [[alice, mine], [bob, shared], [carol, hidden]] as const) {
    for (let i = 0; i < 24; i++) {
      const names = TAG_SETS[i % TAG_SETS.length]!;
      // Spelled differently per task: matching folds case and accents.
      const spelled = names.map((n, j) => (i % 3 === 0 && j === 0 ? n.toUpperCase() : n));
      const task = await createTask(owner, {
        title: `${["apple", "Banana", "cherry"][i % 3]} ${i}`,
        listId,
        priority: [null, "low", "medium", "high"][i % 4] as never,
        dueDate: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1 + (i % 7))),
        completed: i % 2 === 0,
        tags: spelled,
      });
      made.push({ id: task.id, listId, tags: names.map((n) => n.toLowerCase()) });
    }
  }
});
afterAll(() => env?.close());

async function walk(query: ListTasksQuery, limit = 7): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTasks(alice, { ...query, limit, cursor });
    ids.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

const parse = (raw: Record<string, string>) => listTasksQuery.parse(raw);

describe("?tag= and tagMode", () => {
  const cases: [string, Record<string, string>, (t: Made) => boolean][] = [
    ["one tag", { tag: "home" }, (t) => t.tags.includes("home")],
    ["any of two, other spellings", { tag: "HOME,érrands" }, (t) => t.tags.includes("home") || t.tags.includes("errands")],
    ["all of two", { tag: "home,work", tagMode: "all" }, (t) => t.tags.includes("home") && t.tags.includes("work")],
    ["all of three", { tag: "work,Errands,home", tagMode: "all" }, (t) => t.tags.length === 3],
    ["all of one known and one unknown", { tag: "home,nowhere", tagMode: "all" }, () => false],
    ["any of one known and one unknown", { tag: "home,nowhere" }, (t) => t.tags.includes("home")],
    ["an unknown name", { tag: "nowhere" }, () => false],
  ];

  it.each(cases)("%s: every sort and order, every list or one, each matching task once, in the listing's order", async (_, raw, matches) => {
    for (const listId of [undefined, shared]) {
      const visible = made.filter((t) => t.listId !== hidden && (listId === undefined || t.listId === listId));
      const expected = new Set(visible.filter(matches).map((t) => t.id));
      for (const sort of TASK_SORTS) {
        for (const order of SORT_ORDERS) {
          const query = parse({ ...raw, sort, order, ...(listId && { listId }) });
          const all = await walk({ ...query, tag: undefined, tagMode: undefined }, 100);
          const ids = await walk(query);
          expect({ sort, order, listId, ids }).toEqual({ sort, order, listId, ids: all.filter((id) => expected.has(id)) });
          expect(new Set(ids).size).toBe(ids.length);
        }
      }
    }
  });

  it("combines with status, priority, a due range and a search", async () => {
    const rows = await (await database()).select().from(tasks);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const home = made.filter((t) => t.listId !== hidden && t.tags.includes("home")).map((t) => byId.get(t.id)!);
    const filtered: [Record<string, string>, (t: (typeof rows)[number]) => boolean][] = [
      [{ status: "pending", priority: "low,high" }, (t) => !t.completed && ["low", "high"].includes(t.priority ?? "")],
      [{ dueAfter: "2026-01-02", dueBefore: "2026-01-05", sort: "dueDate" }, (t) => t.dueDate !== null && t.dueDate >= new Date("2026-01-02") && t.dueDate < new Date("2026-01-05")],
      [{ q: "apple" }, (t) => t.title.startsWith("apple")],
      [{ q: "apple", sort: "title", order: "asc" }, (t) => t.title.startsWith("apple")],
    ];
    for (const [raw, keep] of filtered) {
      const ids = await walk(parse({ tag: "HOME", ...raw }), 3);
      const expected = home.filter(keep).map((t) => t.id);
      expect(expected.length).toBeGreaterThan(0);
      expect({ raw, ids: [...ids].sort() }).toEqual({ raw, ids: [...expected].sort() });
    }
  });

  it("never shows a list the caller cannot see, even by its tags' names", async () => {
    const ids = await walk(parse({ tag: "home,errands,work" }), 100);
    expect(ids.filter((id) => made.find((t) => t.id === id)!.listId === hidden)).toEqual([]);
    await expect(listTasks(alice, parse({ tag: "home", listId: hidden }))).rejects.toEqual(new AppError("not_found", "No such list."));
  });

  it("binds cursors to the tag filter: the same names in any order share them, other names do not", async () => {
    const first = await listTasks(alice, { ...parse({ tag: "home,work" }), limit: 2 });
    const cursor = first.nextCursor!;
    expect((await listTasks(alice, { ...parse({ tag: "work,home" }), limit: 2, cursor })).items).toHaveLength(2);
    const others: Record<string, string>[] = [{ tag: "home" }, { tag: "home,work", tagMode: "all" }, {}];
    for (const other of others) {
      await expect(listTasks(alice, { ...parse(other), limit: 2, cursor })).rejects.toMatchObject({ code: "invalid_query" });
    }
  });

  it("refuses malformed filters", () => {
    for (const tag of ["", "a,,b", "a".repeat(51), Array.from({ length: 21 }, (_, i) => `t${i}`).join(","), "x\u0000"]) {
      expect(listTasksQuery.safeParse({ tag }).success).toBe(false);
    }
    expect(listTasksQuery.safeParse({ tag: "a", tagMode: "some" }).success).toBe(false);
  });
});

describe("what tag changes do to tasks", () => {
  const namesOf = (t: { tags: { name: string }[] }) => t.tags.map((g) => g.name);

  it("the change feed re-sends the tasks a rename and a deletion touched, with their tags as they are now", async () => {
    const list = await createList(alice, "Synced");
    const tagged = await createTask(alice, { title: "tagged", listId: list, tags: ["old", "keep"] });
    const other = await createTask(alice, { title: "other", listId: list, tags: ["keep"] });
    let { next } = await drain(undefined);
    const old = tagged.tags.find((g) => g.name === "old")!;
    await updateTag(alice, list, old.id, { name: "new" });
    let feed = await drain(next);
    expect(feed.tasks.map((t) => [t.id, namesOf(t)])).toEqual([[tagged.id, ["keep", "new"]]]);
    next = feed.next;
    const keep = tagged.tags.find((g) => g.name === "keep")!;
    await deleteTag(alice, list, keep.id);
    feed = await drain(next);
    expect(feed.tasks.map((t) => [t.id, namesOf(t)]).sort()).toEqual([[tagged.id, ["new"]], [other.id, []]].sort());
    expect(feed.deleted).toEqual([]);
  });

  it("a moved task's task_tags are in its new list", async () => {
    const from = await createList(alice, "From");
    const task = await createTask(alice, { title: "moving", listId: from, tags: ["a", "b"] });
    const moved = await updateTask(alice, task.id, { listId: shared });
    expect(namesOf(moved)).toEqual(["a", "b"]);
    const db = await database();
    const links = await db.select({ listId: taskTags.listId }).from(taskTags).where(eq(taskTags.taskId, task.id));
    expect(links).toEqual([{ listId: shared }, { listId: shared }]);
    const [mismatched] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::integer as n from task_tags tt join tasks t on t.id = tt.task_id where tt.list_id <> t.list_id`),
    );
    expect(mismatched!.n).toBe(0);
  });

  it("writes one `tagged` activity row per change of a task's tag set, none when it stays or the write fails", async () => {
    const list = await createList(alice, "Audited");
    const task = await createTask(alice, { title: "audited", listId: list, tags: ["x"] });
    await updateTask(alice, task.id, { tags: ["X"] }); // the same tag: no change
    await updateTask(alice, task.id, { tags: ["x", "y"] });
    await expect(updateTask(alice, task.id, { tags: ["z"] }, { ifMatch: [1] })).rejects.toMatchObject({ code: "precondition_failed" });
    await expect(updateTask(bob, task.id, { tags: ["z"] })).rejects.toMatchObject({ code: "not_found" });
    const y = (await listTasks(alice, { ...parse({ listId: list }) })).items[0]!.tags.find((g) => g.name === "y")!;
    await deleteTag(alice, list, y.id);
    const db = await database();
    const rows = await db
      .select({ taskId: activity.taskId, listId: activity.listId, taskTitle: activity.taskTitle, actorId: activity.actorId, action: activity.action, changes: activity.changes })
      .from(activity)
      // The task's other entries (created) are the history trigger's.
      .where(and(eq(activity.taskId, task.id), eq(activity.action, "tagged")))
      .orderBy(asc(activity.id));
    const row = (from: string[], to: string[]) => ({ taskId: task.id, listId: list, taskTitle: "audited", actorId: alice, action: "tagged", changes: { tags: { from, to } } });
    expect(rows).toEqual([row([], ["x"]), row(["x"], ["x", "y"]), row(["x", "y"], ["x"])]);
  });
});

// What a sync sends exactly: once no other file's write holds the cluster's xmin back.
async function drain(since: string | undefined) {
  await untilOpenWritesEnd();
  const tasksSeen = [];
  const deleted = [];
  let token = since;
  for (;;) {
    const page = await listChanges(alice, { since: token, limit: 500 });
    tasksSeen.push(...page.tasks);
    deleted.push(...page.deleted);
    token = page.next;
    if (!page.hasMore) return { tasks: tasksSeen, deleted, next: token };
  }
}

it("left every task's tag_list (the copy the database keeps) equal to its tags", async () => {
  expect(await staleTagLists(await database())).toEqual([]);
});
