import { describe, expect, it } from "vitest";
import { call, createTask, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, inboxOf, invite, ISO, NO_SUCH_ID, share } from "../support/sharing";

// GET /api/tasks/{id}/history and GET /api/lists/{id}/activity over real HTTP: every entry
// as a whole body (who, what, when, each field's from and to), newest first with a keyset
// cursor; who may read which; moves in both lists; membership events; deleted accounts;
// and no method that changes history.

const { server, users, as } = useAppServer({
  users: ["Alice", "Bob", "Carol", "Dave", "Eve"],
  env: { INVITATION_RATE_LIMIT_PER_HOUR: "100000" },
});
type Name = "Alice" | "Bob" | "Carol" | "Dave" | "Eve";

/** Alice owns it; Bob is an admin, Carol an editor, Dave a viewer; Eve is not in it. */
async function team(name = "Team") {
  const list = await createList(server, users.Alice, { name });
  await share(server, users.Alice, list.id, users.Bob, "admin");
  await share(server, users.Alice, list.id, users.Carol, "editor");
  await share(server, users.Alice, list.id, users.Dave, "viewer");
  return list;
}

const person = (who: Name) => ({ id: users[who].id, name: who });
const DELETED = { id: null, name: "Deleted account" };
const STRING_ID = expect.stringMatching(/^\d+$/);
const historyEntry = (action: string, who: Name | typeof DELETED, changes: unknown = null) => ({
  id: STRING_ID,
  action,
  actor: typeof who === "string" ? person(who) : who,
  at: ISO,
  changes,
});
const activityEntry = (
  action: string,
  who: Name | typeof DELETED,
  { taskId = null, taskTitle = null, member = null, changes = null }: { taskId?: string | null; taskTitle?: string | null; member?: unknown; changes?: unknown } = {},
) => ({ id: STRING_ID, action, actor: typeof who === "string" ? person(who) : who, at: ISO, taskId, taskTitle, member, changes });

const history = (taskId: string, who: Name, query = "", via: "jwt" | "cookie" = "jwt") =>
  call(server, "GET", `/api/tasks/${taskId}/history${query}`, { as: as(who, via) });
const activity = (listId: string, who: Name, query = "", via: "jwt" | "cookie" = "jwt") =>
  call(server, "GET", `/api/lists/${listId}/activity${query}`, { as: as(who, via) });

describe("GET /api/tasks/{id}/history", () => {
  it("every member reads what was done to the task, newest first, with who did it", async () => {
    const list = await team();
    const task = await createTask(server, users.Carol, { title: "Book", listId: list.id, dueDate: "2026-05-03" });
    const jwt = (who: Name) => ({ as: as(who) });
    await call(server, "PATCH", `/api/tasks/${task.id}`, { ...jwt("Bob"), json: { title: "Book flights", dueDate: "2026-05-05T09:00:00Z", priority: "high" } });
    await call(server, "PATCH", `/api/tasks/${task.id}/complete`, jwt("Alice"));
    await call(server, "POST", `/api/tasks/${task.id}/comments`, { ...jwt("Carol"), json: { body: "done!" } });
    await call(server, "PATCH", `/api/tasks/${task.id}/complete`, { ...jwt("Carol"), json: { completed: false } });
    const expected = {
      items: [
        historyEntry("reopened", "Carol", { completed: { from: true, to: false } }),
        historyEntry("commented", "Carol"),
        historyEntry("completed", "Alice", { completed: { from: false, to: true } }),
        historyEntry("updated", "Bob", {
          title: { from: "Book", to: "Book flights" },
          priority: { from: null, to: "high" },
          dueDate: { from: "2026-05-03T00:00:00.000Z", to: "2026-05-05T09:00:00.000Z" },
        }),
        historyEntry("created", "Carol"),
      ],
      nextCursor: null,
    };
    for (const who of ["Alice", "Bob", "Carol", "Dave"] as const) {
      for (const via of ["jwt", "cookie"] as const) expect((await history(task.id, who, "", via)).body).toEqual(expected);
    }
    // Pages: the same entries, two at a time.
    const first = await history(task.id, "Dave", "?limit=2");
    expect(first.body).toEqual({ items: expected.items.slice(0, 2), nextCursor: expect.any(String) });
    const second = await history(task.id, "Dave", `?limit=2&cursor=${first.body.nextCursor}`);
    const third = await history(task.id, "Dave", `?limit=2&cursor=${second.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items, ...third.body.items]).toEqual((await history(task.id, "Dave")).body.items);
    expect(third.body.nextCursor).toBeNull();
  });

  it("a stranger, a missing task and a malformed id are the same 404; a bad query is a 400", async () => {
    const list = await team();
    const task = await createTask(server, users.Alice, { title: "Private", listId: list.id });
    for (const via of ["jwt", "cookie"] as const) {
      expect((await history(task.id, "Eve", "", via)).body).toEqual(problems.notFound);
      expect((await history(NO_SUCH_ID, "Alice", "", via)).body).toEqual(problems.notFound);
      expect((await history("not-a-uuid", "Alice", "", via)).body).toEqual(problems.notFound);
    }
    expect((await history(task.id, "Alice", "?limit=101")).body).toEqual(problems.invalidQuery([{ path: "limit", message: "Must be from 1 to 100." }]));
    const other = await createTask(server, users.Alice, { title: "Other", listId: list.id });
    await call(server, "PATCH", `/api/tasks/${other.id}`, { as: as("Alice"), json: { title: "Other 2" } });
    const page = await history(other.id, "Alice", "?limit=1");
    expect((await history(task.id, "Alice", `?cursor=${page.body.nextCursor}`)).body).toEqual(
      problems.invalidQuery([{ path: "cursor", message: "Invalid cursor." }], "The cursor is not one this API returned for this sort and these filters."),
    );
  });

  it("is append-only: every other method is a 405", async () => {
    const list = await team();
    const task = await createTask(server, users.Alice, { title: "Fixed", listId: list.id });
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const res = await call(server, method, `/api/tasks/${task.id}/history`, { as: as("Alice", "cookie"), json: {} });
      expect(res.body).toEqual(problems.methodNotAllowed("GET, HEAD, OPTIONS"));
      const listRes = await call(server, method, `/api/lists/${list.id}/activity`, { as: as("Alice"), json: {} });
      expect(listRes.body).toEqual(problems.methodNotAllowed("GET, HEAD, OPTIONS"));
    }
    expect((await history(task.id, "Alice")).body.items).toEqual([historyEntry("created", "Alice")]);
  });

  it("a moved task shows its move into this list, not what it went through in the list it left", async () => {
    const list = await team();
    const bobs = await createList(server, users.Bob, { name: "Bob's" });
    const task = await createTask(server, users.Bob, { title: "Secret draft", listId: bobs.id });
    await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Bob"), json: { description: "for Bob only" } });
    await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Bob"), json: { listId: list.id, title: "Public" } });
    const moved = historyEntry("moved", "Bob", { listId: { from: bobs.id, to: list.id } });
    const renamed = historyEntry("updated", "Bob", { title: { from: "Secret draft", to: "Public" } });
    expect((await history(task.id, "Dave")).body).toEqual({ items: [renamed, moved], nextCursor: null });
    // Both lists' activity show the move; the list it left keeps its own past.
    expect((await activity(bobs.id, "Bob")).body.items.slice(0, 2)).toEqual([
      activityEntry("moved", "Bob", { taskId: task.id, taskTitle: "Secret draft", changes: { listId: { from: bobs.id, to: list.id } } }),
      activityEntry("updated", "Bob", { taskId: task.id, taskTitle: "Secret draft", changes: { description: { from: null, to: "for Bob only" } } }),
    ]);
    expect((await activity(list.id, "Alice")).body.items.slice(0, 2)).toEqual([
      activityEntry("updated", "Bob", { taskId: task.id, taskTitle: "Public", changes: { title: { from: "Secret draft", to: "Public" } } }),
      activityEntry("moved", "Bob", { taskId: task.id, taskTitle: "Secret draft", changes: { listId: { from: bobs.id, to: list.id } } }),
    ]);
  });
});

describe("GET /api/lists/{id}/activity", () => {
  it("admins and the owner read it; editors and viewers: 403; strangers and missing lists: 404", async () => {
    const list = await team();
    for (const via of ["jwt", "cookie"] as const) {
      for (const who of ["Alice", "Bob"] as const) expect((await activity(list.id, who, "", via)).status).toBe(200);
      for (const who of ["Carol", "Dave"] as const) {
        expect((await activity(list.id, who, "", via)).body).toEqual(problems.forbidden("Only the owner and admins of a list can see its activity."));
      }
      expect((await activity(list.id, "Eve", "", via)).body).toEqual(problems.listNotFound);
      expect((await activity(NO_SUCH_ID, "Alice", "", via)).body).toEqual(problems.listNotFound);
      expect((await activity("nope", "Alice", "", via)).body).toEqual(problems.listNotFound);
    }
    const empty = await createList(server, users.Alice, { name: "Quiet" });
    expect((await activity(empty.id, "Alice")).body).toEqual({ items: [], nextCursor: null });
    expect((await activity(empty.id, "Alice", "?cursor=forged")).status).toBe(400);
  });

  it("records membership: invited, joined, role changed, removed, left, and a transfer as two role changes", async () => {
    const list = await createList(server, users.Alice, { name: "Members" });
    await share(server, users.Alice, list.id, users.Bob, "editor");
    await invite(server, users.Alice, list.id, users.Carol.email, "viewer");
    const carolsInvitation = (await call(server, "GET", "/api/invitations", { as: as("Carol") })).body.items.find(
      (i: { list: { id: string } }) => i.list.id === list.id,
    );
    await call(server, "POST", `/api/invitations/${carolsInvitation.id}/accept`, { as: as("Carol") });
    await call(server, "PATCH", `/api/lists/${list.id}/members/${users.Bob.id}`, { as: as("Alice"), json: { role: "admin" } });
    await call(server, "PATCH", `/api/lists/${list.id}/members/${users.Bob.id}`, { as: as("Alice"), json: { role: "admin" } }); // no change
    await call(server, "DELETE", `/api/lists/${list.id}/members/${users.Carol.id}`, { as: as("Carol") });
    await share(server, users.Bob, list.id, users.Dave, "editor");
    await call(server, "DELETE", `/api/lists/${list.id}/members/${users.Dave.id}`, { as: as("Bob") });
    await call(server, "POST", `/api/lists/${list.id}/transfer`, { as: as("Alice"), json: { userId: users.Bob.id } });
    const invited = (email: string, role: string) => ({ email: { from: null, to: email }, role: { from: null, to: role } });
    const role = (from: string | null, to: string | null) => ({ role: { from, to } });
    const expected = [
      activityEntry("role_changed", "Alice", { member: person("Bob"), changes: role("admin", "owner") }),
      activityEntry("role_changed", "Alice", { member: person("Alice"), changes: role("owner", "admin") }),
      activityEntry("removed", "Bob", { member: person("Dave"), changes: role("editor", null) }),
      activityEntry("joined", "Dave", { member: person("Dave"), changes: role(null, "editor") }),
      activityEntry("invited", "Bob", { changes: invited(users.Dave.email.toLowerCase(), "editor") }),
      activityEntry("left", "Carol", { member: person("Carol"), changes: role("viewer", null) }),
      activityEntry("role_changed", "Alice", { member: person("Bob"), changes: role("editor", "admin") }),
      activityEntry("joined", "Carol", { member: person("Carol"), changes: role(null, "viewer") }),
      activityEntry("invited", "Alice", { changes: invited(users.Carol.email.toLowerCase(), "viewer") }),
      activityEntry("joined", "Bob", { member: person("Bob"), changes: role(null, "editor") }),
      activityEntry("invited", "Alice", { changes: invited(users.Bob.email.toLowerCase(), "editor") }),
    ];
    expect((await activity(list.id, "Bob")).body).toEqual({ items: expected, nextCursor: null });
    const first = await activity(list.id, "Alice", "?limit=5");
    const rest = await activity(list.id, "Alice", `?limit=100&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...rest.body.items]).toEqual(expected);
    expect(rest.body.nextCursor).toBeNull();
  });

  it("shows deleted tasks by the title they had, and deleted accounts as Deleted account", async () => {
    const list = await team();
    const frank = await signUp(server, "Frank");
    await share(server, users.Alice, list.id, frank, "editor");
    const task = await createTask(server, frank, { title: "Frank's", listId: list.id });
    const done = await createTask(server, users.Carol, { title: "Done", listId: list.id, completed: true });
    const gone = await call(server, "POST", "/api/auth/delete-user", { json: { password: frank.password }, headers: { origin: server.url, cookie: frank.cookie } });
    expect(gone.status).toBe(200);
    await call(server, "DELETE", `/api/tasks/${task.id}`, { as: as("Carol") });
    expect((await call(server, "DELETE", `/api/tasks?status=completed&listId=${list.id}`, { as: as("Bob") })).body).toEqual({ deleted: 1 });
    const page = await activity(list.id, "Alice", "?limit=5");
    expect(page.body.items).toEqual([
      activityEntry("deleted", "Bob", { taskId: done.id, taskTitle: "Done" }),
      activityEntry("deleted", "Carol", { taskId: task.id, taskTitle: "Frank's" }),
      activityEntry("created", "Carol", { taskId: done.id, taskTitle: "Done" }),
      activityEntry("created", DELETED, { taskId: task.id, taskTitle: "Frank's" }),
      activityEntry("joined", DELETED, { member: DELETED, changes: { role: { from: null, to: "editor" } } }),
    ]);
    // The task is gone: its history is a 404 like any missing task's.
    expect((await history(task.id, "Alice")).body).toEqual(problems.notFound);
  });

  it("an account deletion that hands a list to its admin shows as the two role changes, by Deleted account", async () => {
    const grace = await signUp(server, "Grace");
    const list = await createList(server, grace, { name: "Inherited" });
    await share(server, grace, list.id, users.Bob, "admin");
    const gone = await call(server, "POST", "/api/auth/delete-user", { json: { password: grace.password }, headers: { origin: server.url, cookie: grace.cookie } });
    expect(gone.status).toBe(200);
    expect((await activity(list.id, "Bob", "?limit=2")).body.items).toEqual([
      activityEntry("role_changed", DELETED, { member: person("Bob"), changes: { role: { from: "admin", to: "owner" } } }),
      activityEntry("role_changed", DELETED, { member: DELETED, changes: { role: { from: "owner", to: "admin" } } }),
    ]);
  });

  it("does not show a list's entries in another list, or another list's in this one", async () => {
    const list = await team("One");
    const other = await team("Two");
    await createTask(server, users.Alice, { title: "In two", listId: other.id });
    const items = (await activity(list.id, "Alice", "?limit=100")).body.items as { taskTitle: string | null }[];
    expect(items.filter((i) => i.taskTitle !== null)).toEqual([]);
    const inbox = await inboxOf(server, users.Alice);
    const mine = await createTask(server, users.Alice, { title: "Inbox task" });
    expect((await activity(inbox.id, "Alice", "?limit=1")).body.items).toEqual([activityEntry("created", "Alice", { taskId: mine.id, taskTitle: "Inbox task" })]);
  });
});
