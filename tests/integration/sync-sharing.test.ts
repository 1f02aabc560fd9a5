import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { listChanges } from "@/lib/tasks/changes";
import { clearCompletedTasks, createTask, deleteTask, setTaskCompleted, updateTask } from "@/lib/tasks/store";
import { insertUser, useCleanDatabase } from "../support/data-layer";
import { addMember, createList, deleteList, inboxOf, listsOf, removeMember, visibleTasks } from "../support/list-fixtures";
import { newSyncClient, syncToEnd } from "../support/sync-client";

// The change feed through shares and revocations, proved by property: three users, lists
// created, shared, re-shared with other roles, left and deleted, tasks written into them,
// moved between them and deleted, syncs in between and racing with the writes. After a
// final sync every user's copy is exactly what they can see: nothing of a list they lost,
// everything of a list they gained.

let env: Awaited<ReturnType<typeof useCleanDatabase>>;
let runs = 0;

beforeAll(async () => {
  env = await useCleanDatabase();
});
afterAll(() => env?.close());

const PEOPLE = 3;
type Who = number;

type Op =
  | { kind: "list"; who: Who }
  | { kind: "share"; who: Who; list: number; to: Who; role: "admin" | "editor" | "viewer" }
  | { kind: "unshare"; list: number; to: Who }
  | { kind: "dropList"; list: number }
  | { kind: "create"; who: Who; list: number; completed: boolean }
  | { kind: "update"; who: Who; pick: number }
  | { kind: "toggle"; who: Who; pick: number }
  | { kind: "move"; who: Who; pick: number; list: number }
  | { kind: "delete"; who: Who; pick: number }
  | { kind: "clear"; who: Who }
  | { kind: "sync"; who: Who; limit: number };

const who = fc.nat({ max: PEOPLE - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("list" as const), who }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("share" as const), who, list: fc.nat(), to: who, role: fc.constantFrom("admin" as const, "editor" as const, "viewer" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("unshare" as const), list: fc.nat(), to: who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dropList" as const), list: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("create" as const), who, list: fc.nat(), completed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("update" as const), who, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("toggle" as const), who, pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("move" as const), who, pick: fc.nat(), list: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), who, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const), who }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("sync" as const), who, limit: fc.integer({ min: 1, max: 4 }) }) },
);

type World = { users: string[]; lists: { id: string; owner: Who }[]; tasks: string[]; clients: ReturnType<typeof newSyncClient>[] };

const at = <T,>(items: T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];

// Writes the model does not allow (a viewer writing, a task or list that is gone, a list
// the writer is not in) are refused with one of these, and change nothing.
const REFUSED = new Set(["not_found", "forbidden", "conflict"]);

async function apply(world: World, o: Op): Promise<void> {
  const user = (n: Who) => world.users[n]!;
  try {
    switch (o.kind) {
      case "list":
        world.lists.push({ id: await createList(user(o.who)), owner: o.who });
        return;
      case "share": {
        const list = at(world.lists, o.list);
        if (!list || list.owner === o.to) return;
        await addMember(list.id, user(o.to), o.role);
        return;
      }
      case "unshare": {
        const list = at(world.lists, o.list);
        if (list) await removeMember(list.id, user(o.to));
        return;
      }
      case "dropList": {
        const list = at(world.lists, o.list);
        if (!list) return;
        world.lists.splice(world.lists.indexOf(list), 1);
        await deleteList(list.id);
        return;
      }
      case "create": {
        const list = at(world.lists, o.list);
        const task = await createTask(user(o.who), { title: "t", completed: o.completed, ...(list && { listId: list.id }) });
        world.tasks.push(task.id);
        return;
      }
      case "update":
        await updateTask(user(o.who), at(world.tasks, o.pick) ?? MISSING, { title: `u${o.pick % 7}` });
        return;
      case "toggle":
        await setTaskCompleted(user(o.who), at(world.tasks, o.pick) ?? MISSING, undefined);
        return;
      case "move": {
        const list = at(world.lists, o.list);
        if (list) await updateTask(user(o.who), at(world.tasks, o.pick) ?? MISSING, { listId: list.id });
        return;
      }
      case "delete":
        await deleteTask(user(o.who), at(world.tasks, o.pick) ?? MISSING);
        return;
      case "clear":
        await clearCompletedTasks(user(o.who));
        return;
      case "sync":
        await syncToEnd(user(o.who), world.clients[o.who]!, o.limit);
        return;
    }
  } catch (error) {
    if (!(error instanceof AppError && REFUSED.has(error.code))) throw error;
  }
}

const MISSING = "0190f3a0-0000-7000-8000-000000000000";

async function newWorld(): Promise<World> {
  const run = runs++;
  const users = [];
  for (let n = 0; n < PEOPLE; n++) users.push(await insertUser(`share-${run}-${n}`));
  const lists = await Promise.all(users.map(async (id, owner) => ({ id: await inboxOf(id), owner })));
  return { users, lists: lists.map((l) => ({ ...l })), tasks: [], clients: users.map(() => newSyncClient()) };
}

async function expectConverged(world: World): Promise<void> {
  for (const [n, userId] of world.users.entries()) {
    await syncToEnd(userId, world.clients[n]!, 3);
    expect(world.clients[n]!.tasks).toEqual(await visibleTasks(userId));
  }
}

describe("the change feed through shares and revocations", () => {
  it("converges for every user: steps one at a time", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (steps) => {
        const world = await newWorld();
        for (const step of steps) await apply(world, step);
        await expectConverged(world);
      }),
      { numRuns: 30 },
    );
  });

  it("converges for every user: writes racing with syncs", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 6 }), async (rounds) => {
        const world = await newWorld();
        // Membership changes one at a time (a round's list index must mean one list), the
        // rest of the round at once.
        for (const round of rounds) {
          for (const step of round.filter((s) => s.kind === "list" || s.kind === "dropList")) await apply(world, step);
          await Promise.all(round.filter((s) => s.kind !== "list" && s.kind !== "dropList").map((step) => apply(world, step)));
        }
        await expectConverged(world);
      }),
      { numRuns: 20 },
    );
  });
});

describe("what a member's next sync says", () => {
  it("a new member gets the whole list, however old its tasks", async () => {
    const world = await newWorld();
    const [alice, bob] = world.users as [string, string];
    const groceries = await createList(alice, "Groceries");
    const milk = await createTask(alice, { title: "milk", listId: groceries });
    await syncToEnd(bob, world.clients[1]!, 10);
    expect(world.clients[1]!.tasks.size).toBe(0);
    await addMember(groceries, bob, "editor");
    const next = await listChanges(bob, { since: world.clients[1]!.token, limit: 10 });
    expect(next.tasks.map((t) => t.id)).toEqual([milk.id]);
    expect(next.deleted).toEqual([]);
  });

  it("a removed member is told every task of the list is gone, and learns nothing written after", async () => {
    const world = await newWorld();
    const [alice, bob] = world.users as [string, string];
    const groceries = await createList(alice, "Groceries");
    await addMember(groceries, bob, "viewer");
    const kept = [await createTask(alice, { title: "a", listId: groceries }), await createTask(alice, { title: "b", listId: groceries })];
    await syncToEnd(bob, world.clients[1]!, 10);
    expect([...world.clients[1]!.tasks.keys()].sort()).toEqual(kept.map((t) => t.id).sort());
    await removeMember(groceries, bob);
    const later = await createTask(alice, { title: "after bob left", listId: groceries });
    const next = await listChanges(bob, { since: world.clients[1]!.token, limit: 10 });
    expect(next.tasks).toEqual([]);
    expect([...next.deleted].sort()).toEqual(kept.map((t) => t.id).sort());
    expect(next.deleted).not.toContain(later.id);
    // The sync after that has nothing new to say. (It may say some of it again: a position
    // is the oldest transaction still running anywhere on the server when the last sync
    // read, and on a busy PostgreSQL that can be older than the departure.)
    const after = await listChanges(bob, { since: next.next, limit: 10 });
    expect(after.tasks).toEqual([]);
    expect(kept.map((t) => t.id)).toEqual(expect.arrayContaining(after.deleted));
    expect(await listsOf(bob)).toEqual([{ listId: await inboxOf(bob), role: "owner" }]);
  });

  it("a task moved between two lists the member sees is an update, never a deletion", async () => {
    const world = await newWorld();
    const [alice, bob] = world.users as [string, string];
    const shared = await createList(alice, "Shared");
    await addMember(shared, bob, "editor");
    const task = await createTask(bob, { title: "move me" });
    await syncToEnd(bob, world.clients[1]!, 10);
    const moved = await updateTask(bob, task.id, { listId: shared });
    expect(moved.userId).toBe(alice); // the owner of its new list
    const next = await listChanges(bob, { since: world.clients[1]!.token, limit: 10 });
    expect(next.tasks.map((t) => [t.id, t.listId])).toEqual([[task.id, shared]]);
    expect(next.deleted).toEqual([]);
    // Alice, who cannot see Bob's Inbox, gets it as new.
    const first = await listChanges(alice, { limit: 10 });
    expect(first.tasks.map((t) => t.id)).toEqual([task.id]);
  });
});
