import { describe, expect, it } from "vitest";
import { call, createTask, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, ISO, NO_SUCH_ID, share } from "../support/sharing";

// /api/tasks/{id}/comments over real HTTP: reading (any member), adding (editors and
// above), editing (the author), deleting (the author, admins, the owner); each comment
// looked up by its task AND its id; bodies at their limits read back as stored; a deleted
// author's comments stay as "Deleted account"; MAX_COMMENTS_PER_TASK (3 here).

const MAX = 3;
const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave", "Eve"], env: { MAX_COMMENTS_PER_TASK: String(MAX), INVITATION_RATE_LIMIT_PER_HOUR: "100000" } });
type Name = "Alice" | "Bob" | "Carol" | "Dave" | "Eve";

/** Alice owns it; Bob is an admin, Carol an editor, Dave a viewer; Eve is not in it. */
async function team() {
  const list = await createList(server, users.Alice, { name: "Team" });
  await share(server, users.Alice, list.id, users.Bob, "admin");
  await share(server, users.Alice, list.id, users.Carol, "editor");
  await share(server, users.Alice, list.id, users.Dave, "viewer");
  const task = await createTask(server, users.Alice, { title: "Plan", listId: list.id });
  return { list, task };
}

const path = (taskId: string, commentId?: string) => `/api/tasks/${taskId}/comments${commentId ? `/${commentId}` : ""}`;
const post = (taskId: string, body: unknown, who: Name, via: "jwt" | "cookie" = "jwt") =>
  call(server, "POST", path(taskId), { as: as(who, via), json: { body } });
const comment = (taskId: string, body: string, who: Name, editedAt: unknown = null) => ({
  id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
  taskId,
  body,
  author: { id: users[who].id, name: who },
  createdAt: ISO,
  editedAt,
});

describe("POST and GET /api/tasks/{id}/comments", () => {
  it("editors and above comment (201, Location); every member reads them oldest first; a viewer may not comment", async () => {
    const { task } = await team();
    const made = [];
    for (const [who, via] of [["Alice", "cookie"], ["Bob", "jwt"], ["Carol", "cookie"]] as const) {
      const res = await post(task.id, `from ${who}`, who, via);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(comment(task.id, `from ${who}`, who));
      expect(res.headers.get("location")).toBe(path(task.id, res.body.id));
      made.push(res.body);
    }
    for (const via of ["jwt", "cookie"] as const) {
      expect((await post(task.id, "me too", "Dave", via)).body).toEqual(problems.forbidden("Viewers of a list cannot comment on its tasks."));
    }
    for (const who of ["Alice", "Bob", "Carol", "Dave"] as const) {
      expect((await call(server, "GET", path(task.id), { as: as(who) })).body).toEqual({ items: made, nextCursor: null });
    }
    // The count is on the task, and its ETag moved with it.
    const read = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(read.headers.get("etag")).not.toBe(`"${task.revision}"`);
  });

  it("pages with a keyset cursor bound to the task", async () => {
    const { task } = await team();
    const other = await createTask(server, users.Alice, { title: "Other" });
    const bodies = ["one", "two", "three"];
    for (const body of bodies) expect((await post(task.id, body, "Carol")).status).toBe(201);
    const first = await call(server, "GET", `${path(task.id)}?limit=2`, { as: as("Dave") });
    expect(first.body).toEqual({ items: [comment(task.id, "one", "Carol"), comment(task.id, "two", "Carol")], nextCursor: expect.any(String) });
    const second = await call(server, "GET", `${path(task.id)}?limit=2&cursor=${first.body.nextCursor}`, { as: as("Dave") });
    expect(second.body).toEqual({ items: [comment(task.id, "three", "Carol")], nextCursor: null });
    // Another task's listing refuses it.
    const elsewhere = await call(server, "GET", `${path(other.id)}?cursor=${first.body.nextCursor}`, { as: as("Alice") });
    expect(elsewhere.body).toEqual(
      problems.invalidQuery([{ path: "cursor", message: "Invalid cursor." }], "The cursor is not one this API returned for this sort and these filters."),
    );
    expect((await call(server, "GET", `${path(task.id)}?limit=0`, { as: as("Alice") })).body).toEqual(
      problems.invalidQuery([{ path: "limit", message: "Must be from 1 to 100." }]),
    );
    expect((await call(server, "GET", `${path(task.id)}?order=asc`, { as: as("Alice") })).status).toBe(400);
  });

  it("a stranger, a missing task and a malformed id are the same 404, for reading and writing", async () => {
    const { task } = await team();
    for (const id of [task.id, NO_SUCH_ID, "not-a-uuid"]) {
      for (const via of ["jwt", "cookie"] as const) {
        const who: Name = id === task.id ? "Eve" : "Alice";
        expect((await call(server, "GET", path(id), { as: as(who, via) })).body).toEqual(problems.notFound);
        expect((await post(id, "hello", who, via)).body).toEqual(problems.notFound);
      }
    }
  });

  it("MAX_COMMENTS_PER_TASK: one more is a 422, and nothing is stored", async () => {
    const { task } = await team();
    for (let i = 0; i < MAX; i++) expect((await post(task.id, `c${i}`, "Carol")).status).toBe(201);
    expect((await post(task.id, "one too many", "Alice")).body).toEqual(problems.commentLimitReached(MAX));
    expect((await call(server, "GET", path(task.id), { as: as("Alice") })).body.items).toHaveLength(MAX);
  });
});

describe("comment bodies at their limits", () => {
  const astral = "😀".repeat(5000);
  it.each([
    ["5000 code points, astral", astral, astral],
    ["trimmed", "  hello \n", "hello"],
    ["line breaks \\n and \\r\\n", "one\ntwo\r\nthree", "one\ntwo\r\nthree"],
    ["1 character", "x", "x"],
  ])("%s: stored and read back exactly", async (_name, sent, stored) => {
    const { task } = await team();
    const res = await post(task.id, sent, "Carol");
    expect(res.status).toBe(201);
    expect(res.body.body).toBe(stored);
    expect((await call(server, "GET", path(task.id), { as: as("Carol") })).body.items.map((c: { body: string }) => c.body)).toEqual([stored]);
  });

  const control = "Must not contain control characters.";
  it.each([
    ["5001 code points", "😀".repeat(5001), "At most 5000 characters."],
    ["empty", "", "Must not be empty."],
    ["only white space", " \n\r\n ", "Must not be empty."],
    ["only invisible characters", "\u200b\u2060", "Must not be empty."],
    ["NUL", "a\u0000b", control],
    ["a tab", "a\tb", control],
    ["a lone \\r", "a\rb", control],
    ["DEL", "a\u007fb", control],
    ["a lone surrogate", "a\ud800b", "Must be valid Unicode text."],
  ])("%s: 422 naming body, nothing stored", async (_name, sent, message) => {
    const { task } = await team();
    expect((await post(task.id, sent, "Carol")).body).toEqual(problems.validation([{ path: "body", message }]));
    expect((await call(server, "GET", path(task.id), { as: as("Carol") })).body).toEqual({ items: [], nextCursor: null });
  });

  it("refuses other fields and a body that is not a string", async () => {
    const { task } = await team();
    const res = await call(server, "POST", path(task.id), { as: as("Alice"), json: { body: "x", taskId: NO_SUCH_ID } });
    expect(res.body).toEqual(problems.validation([{ path: "taskId", message: "Unknown or read-only field." }]));
    expect((await post(task.id, 42, "Alice")).status).toBe(422);
  });
});

describe("PATCH and DELETE /api/tasks/{id}/comments/{commentId}", () => {
  it("the author edits (editedAt set); anyone else is a 403, a viewer too", async () => {
    const { task } = await team();
    const mine = (await post(task.id, "draft", "Carol")).body;
    const edit = (who: Name, body = "final") => call(server, "PATCH", path(task.id, mine.id), { as: as(who, "cookie"), json: { body } });
    expect((await edit("Alice")).body).toEqual(problems.forbidden("Only its author can edit a comment."));
    expect((await edit("Bob")).body).toEqual(problems.forbidden("Only its author can edit a comment."));
    expect((await edit("Dave")).body).toEqual(problems.forbidden("Viewers of a list cannot edit comments."));
    expect((await edit("Eve")).body).toEqual(problems.notFound);
    const res = await edit("Carol");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...comment(task.id, "final", "Carol", ISO), id: mine.id, createdAt: mine.createdAt });
    expect((await edit("Carol", "")).body).toEqual(problems.validation([{ path: "body", message: "Must not be empty." }]));
    expect((await call(server, "GET", path(task.id), { as: as("Dave") })).body.items).toEqual([res.body]);
  });

  it("the author, an admin or the owner deletes (204, then 404); an editor or viewer not their own: 403", async () => {
    const { task } = await team();
    const write = async (who: Name) => (await post(task.id, `by ${who}`, who)).body;
    const del = (id: string, who: Name, via: "jwt" | "cookie" = "jwt") => call(server, "DELETE", path(task.id, id), { as: as(who, via) });
    const [a, b, c] = [await write("Alice"), await write("Bob"), await write("Carol")];
    expect((await del(a.id, "Carol")).body).toEqual(problems.forbidden("Only its author and the list's owner and admins can delete a comment."));
    expect((await del(c.id, "Dave")).body).toEqual(problems.forbidden("Viewers of a list cannot delete comments."));
    expect((await del(c.id, "Eve", "cookie")).body).toEqual(problems.notFound);
    expect((await del(c.id, "Carol", "cookie")).status).toBe(204);
    expect((await del(c.id, "Carol")).body).toEqual(problems.commentNotFound);
    expect((await del(a.id, "Bob")).status).toBe(204);
    expect((await del(b.id, "Alice")).status).toBe(204);
    expect((await call(server, "GET", path(task.id), { as: as("Alice") })).body).toEqual({ items: [], nextCursor: null });
  });

  it("a comment is found by its task AND its id: under another task, or a malformed id, it is a 404", async () => {
    const { task } = await team();
    const other = await createTask(server, users.Alice, { title: "Other" });
    const c = (await post(task.id, "here", "Alice")).body;
    for (const [taskId, commentId] of [[other.id, c.id], [task.id, NO_SUCH_ID], [task.id, "nope"]] as const) {
      expect((await call(server, "PATCH", path(taskId, commentId), { as: as("Alice"), json: { body: "x" } })).body).toEqual(problems.commentNotFound);
      expect((await call(server, "DELETE", path(taskId, commentId), { as: as("Alice") })).body).toEqual(problems.commentNotFound);
    }
    expect((await call(server, "DELETE", path(NO_SUCH_ID, c.id), { as: as("Alice") })).body).toEqual(problems.notFound);
    expect((await call(server, "GET", path(task.id), { as: as("Alice") })).body.items).toEqual([c]);
  });

  it("other methods are 405 with Allow", async () => {
    const { task } = await team();
    const res = await call(server, "PUT", path(task.id), { as: as("Alice"), json: { body: "x" } });
    expect(res.body).toEqual(problems.methodNotAllowed("GET, HEAD, POST, OPTIONS"));
    const one = await call(server, "GET", path(task.id, NO_SUCH_ID), { as: as("Alice") });
    expect(one.body).toEqual(problems.methodNotAllowed("PATCH, DELETE, OPTIONS"));
  });
});

describe("a deleted author", () => {
  it("leaves their comments, shown as Deleted account", async () => {
    const { list, task } = await team();
    const frank = await signUp(server, "Frank");
    await share(server, users.Alice, list.id, frank, "editor");
    const said = await call(server, "POST", path(task.id), { as: { user: frank, via: "jwt" }, json: { body: "bye" } });
    const gone = await call(server, "POST", "/api/auth/delete-user", { json: { password: frank.password }, headers: { origin: server.url, cookie: frank.cookie } });
    expect(gone.status).toBe(200);
    expect((await call(server, "GET", path(task.id), { as: as("Alice") })).body).toEqual({
      items: [{ ...said.body, author: { id: null, name: "Deleted account" } }],
      nextCursor: null,
    });
  });
});
