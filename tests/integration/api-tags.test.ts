import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer, type Credentials } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, NO_SUCH_ID, share, UUID } from "../support/sharing";

// /api/lists/{id}/tags over real HTTP, and a task's tags: create, list, rename, recolour,
// delete; names at the database's bounds; who may do what by cookie and JWT (each refusal a
// whole problem, nothing changed by it); tags set by name on create, PUT, PATCH and batch,
// matched ignoring case and accents, created when new, under their bounds.

const MAX_TAGS = 6;
const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave"], env: { MAX_TAGS_PER_LIST: String(MAX_TAGS) } });

type Name = "Alice" | "Bob" | "Carol" | "Dave";
const jwt = (name: Name): Credentials => as(name);
const tagsOf = (listId: string, who: Credentials = jwt("Alice")) => call(server, "GET", `/api/lists/${listId}/tags`, { as: who });
const postTag = (listId: string, json: unknown, who: Credentials = jwt("Alice")) => call(server, "POST", `/api/lists/${listId}/tags`, { as: who, json });
const patchTag = (listId: string, tagId: string, json: unknown, who: Credentials = jwt("Alice")) =>
  call(server, "PATCH", `/api/lists/${listId}/tags/${tagId}`, { as: who, json });
const deleteTag = (listId: string, tagId: string, who: Credentials = jwt("Alice")) =>
  call(server, "DELETE", `/api/lists/${listId}/tags/${tagId}`, { as: who });
const task = (id: string, who: Credentials = jwt("Alice")) => call(server, "GET", `/api/tasks/${id}`, { as: who });

/** Alice owns it; Bob is an editor, Carol a viewer; Dave is not a member. */
async function team(name = "Team") {
  const list = await createList(server, users.Alice, { name });
  await share(server, users.Alice, list.id, users.Bob, "editor");
  await share(server, users.Alice, list.id, users.Carol, "viewer");
  return list;
}

const tagBody = (name: string, color: string | null = null, taskCount = 0) => ({ id: UUID, name, color, taskCount });

describe("POST and GET /api/lists/{id}/tags", () => {
  it("creates tags (201, Location) and lists them by folded name with their task counts, for any member", async () => {
    const list = await team();
    const made = await postTag(list.id, { name: "  Zebra ", color: "purple" }, as("Bob", "cookie"));
    expect(made.status).toBe(201);
    expect(made.body).toEqual(tagBody("Zebra", "purple"));
    expect(made.headers.get("location")).toBe(`/api/lists/${list.id}/tags/${made.body.id}`);
    await postTag(list.id, { name: "éclair" });
    await postTag(list.id, { name: "Apple", color: null });
    await createTask(server, users.Alice, { title: "t", listId: list.id, tags: ["zebra", "APPLE"] });
    const expected = { items: [tagBody("Apple", null, 1), tagBody("éclair"), tagBody("Zebra", "purple", 1)] };
    for (const who of ["Alice", "Bob", "Carol"] as const) {
      for (const via of ["jwt", "cookie"] as const) expect((await tagsOf(list.id, as(who, via))).body).toEqual(expected);
    }
  });

  it("refuses a name the list has, ignoring case and accents (409 naming the field); another list may have it", async () => {
    const list = await team();
    await postTag(list.id, { name: "Café" });
    for (const name of ["café", "CAFE", " cafe "]) expect((await postTag(list.id, { name })).body).toEqual(problems.tagNameTaken);
    expect((await postTag((await createList(server, users.Alice, { name: "Other" })).id, { name: "cafe" })).status).toBe(201);
    expect((await tagsOf(list.id)).body.items).toEqual([tagBody("Café")]);
  });

  it("takes names at the database's bounds and refuses what it could not store", async () => {
    const list = await createList(server, users.Alice, { name: "Bounds" });
    const astral = "😀".repeat(50); // 50 code points, 100 UTF-16 units
    const made = await postTag(list.id, { name: astral });
    expect(made.body).toEqual(tagBody(astral));
    const name = (message: string) => problems.validation([{ path: "name", message }]);
    const refused: [unknown, unknown][] = [
      [{ name: "a".repeat(51) }, name("At most 50 characters.")],
      [{ name: "😀".repeat(51) }, name("At most 50 characters.")],
      [{ name: "" }, name("Must not be empty.")],
      [{ name: "   " }, name("Must not be empty.")],
      [{ name: "\u200b" }, name("Must not be empty.")],
      [{ name: "a\u0000b" }, name("Must not contain control characters.")],
      [{ name: "tab\there" }, name("Must not contain control characters.")],
      [{ name: "x\ud800" }, name("Must be valid Unicode text.")],
      [{ name: "a,b" }, name("Must not contain a comma.")],
      [{ name: 5 }, name("Invalid input: expected string, received number")],
      [{}, name("Invalid input: expected string, received undefined")],
      [{ name: "ok", color: "mauve" }, problems.validation([{ path: "color", message: "Must be one of gray, red, orange, yellow, green, teal, blue, purple, pink, or null." }])],
      [{ name: "ok", listId: list.id }, problems.validation([{ path: "listId", message: "Unknown or read-only field." }])],
    ];
    for (const [json, problem] of refused) expect({ json, body: (await postTag(list.id, json)).body }).toEqual({ json, body: problem });
    expect((await tagsOf(list.id)).body.items).toEqual([tagBody(astral)]);
  });

  it(`stops at MAX_TAGS_PER_LIST (${MAX_TAGS}) tags per list, however they are made`, async () => {
    const list = await createList(server, users.Alice, { name: "Full" });
    for (let i = 0; i < MAX_TAGS - 2; i++) expect((await postTag(list.id, { name: `t${i}` })).status).toBe(201);
    const t = await createTask(server, users.Alice, { title: "x", listId: list.id, tags: ["new one"] });
    expect(t.tags.map((g: { name: string }) => g.name)).toEqual(["new one"]);
    // Two new names when one is left: the whole write is refused, nothing is created.
    const over = await call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Alice"), json: { tags: ["a", "b"] } });
    expect(over.body).toEqual(problems.tagLimitReached(MAX_TAGS));
    expect((await task(t.id)).body.tags.map((g: { name: string }) => g.name)).toEqual(["new one"]);
    expect((await postTag(list.id, { name: "last" })).status).toBe(201);
    expect((await postTag(list.id, { name: "one more" })).body).toEqual(problems.tagLimitReached(MAX_TAGS));
    // Existing names are no new tags: still fine.
    expect((await call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Alice"), json: { tags: ["T0", "last"] } })).status).toBe(200);
    expect((await tagsOf(list.id)).body.items).toHaveLength(MAX_TAGS);
  });

  it("refuses viewers (403) and strangers (404 as for a missing list), by cookie and JWT", async () => {
    const list = await team();
    for (const via of ["jwt", "cookie"] as const) {
      expect((await postTag(list.id, { name: "x" }, as("Carol", via))).body).toEqual(problems.forbidden("Viewers of a list cannot change its tags."));
      expect((await postTag(list.id, { name: "x" }, as("Dave", via))).body).toEqual(problems.listNotFound);
      expect((await tagsOf(list.id, as("Dave", via))).body).toEqual(problems.listNotFound);
    }
    for (const id of [NO_SUCH_ID, "nope"]) expect((await tagsOf(id)).body).toEqual(problems.listNotFound);
    expect((await tagsOf(list.id)).body).toEqual({ items: [] });
  });
});

describe("PATCH and DELETE /api/lists/{id}/tags/{tagId}", () => {
  it("renames and recolours; every task carrying it shows it at once with a new ETag", async () => {
    const list = await team();
    const t = await createTask(server, users.Bob, { title: "t", listId: list.id, tags: ["home"] });
    const before = await task(t.id);
    const tagId = t.tags[0].id;
    const renamed = await patchTag(list.id, tagId, { name: "House" }, as("Bob", "cookie"));
    expect(renamed.body).toEqual({ id: tagId, name: "House", color: null, taskCount: 1 });
    expect((await patchTag(list.id, tagId, { color: "teal" })).body).toEqual({ id: tagId, name: "House", color: "teal", taskCount: 1 });
    const after = await task(t.id);
    expect(after.body).toEqual({ ...before.body, tags: [{ id: tagId, name: "House", color: "teal" }], updatedAt: expect.any(String), updatedBy: users.Alice.id });
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    expect(Date.parse(after.body.updatedAt)).toBeGreaterThan(Date.parse(before.body.updatedAt));
    // The same name in another case is a rename too; another tag's name is a 409.
    expect((await patchTag(list.id, tagId, { name: "HOUSE" })).body.name).toBe("HOUSE");
    await postTag(list.id, { name: "garden" });
    expect((await patchTag(list.id, tagId, { name: "Gärden" })).body).toEqual(problems.tagNameTaken);
    expect((await patchTag(list.id, tagId, {})).body).toEqual(problems.validation([{ path: "", message: "Give at least one field to change." }]));
  });

  it("deletes a tag (204) and takes it off its tasks, which move on", async () => {
    const list = await team();
    const t = await createTask(server, users.Alice, { title: "t", listId: list.id, tags: ["a", "b"] });
    const before = await task(t.id);
    const a = t.tags.find((g: { name: string }) => g.name === "a");
    const res = await deleteTag(list.id, a.id, as("Bob"));
    expect(res.status).toBe(204);
    const after = await task(t.id);
    expect(after.body.tags.map((g: { name: string }) => g.name)).toEqual(["b"]);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    expect((await deleteTag(list.id, a.id)).body).toEqual(problems.tagNotFound);
    expect((await tagsOf(list.id)).body.items.map((g: { name: string }) => g.name)).toEqual(["b"]);
  });

  it("finds a tag only through its list: another list's tag, a missing one, a viewer, a stranger", async () => {
    const list = await team();
    const other = await createList(server, users.Alice, { name: "Other" });
    const theirs = (await postTag(other.id, { name: "elsewhere" })).body;
    const mine = (await postTag(list.id, { name: "mine" })).body;
    for (const id of [theirs.id, NO_SUCH_ID, "not-a-uuid"]) {
      expect((await patchTag(list.id, id, { name: "x" })).body).toEqual(problems.tagNotFound);
      expect((await deleteTag(list.id, id)).body).toEqual(problems.tagNotFound);
    }
    for (const via of ["jwt", "cookie"] as const) {
      expect((await patchTag(list.id, mine.id, { name: "x" }, as("Carol", via))).body).toEqual(problems.forbidden("Viewers of a list cannot change its tags."));
      expect((await deleteTag(list.id, mine.id, as("Carol", via))).body).toEqual(problems.forbidden("Viewers of a list cannot change its tags."));
      expect((await patchTag(list.id, mine.id, { name: "x" }, as("Dave", via))).body).toEqual(problems.listNotFound);
      expect((await deleteTag(list.id, mine.id, as("Dave", via))).body).toEqual(problems.listNotFound);
    }
    expect((await tagsOf(other.id)).body.items).toEqual([tagBody("elsewhere")]);
    expect((await tagsOf(list.id)).body.items).toEqual([tagBody("mine")]);
  });
});

describe("a task's tags", () => {
  it("are set by name on create, matched ignoring case and accents, new ones created, duplicates once", async () => {
    const list = await team();
    await postTag(list.id, { name: "Café", color: "red" });
    const t = await createTask(server, users.Bob, { title: "t", listId: list.id, tags: ["cafe", "errands", "ERRANDS", "Errands "] });
    expect(t.tags).toEqual([
      { id: UUID, name: "Café", color: "red" },
      { id: UUID, name: "errands", color: null },
    ]);
    expect((await task(t.id, jwt("Carol"))).body).toEqual(t);
  });

  it("PATCH replaces them, or leaves them without `tags`; PUT without `tags` clears them", async () => {
    const list = await team();
    const t = await createTask(server, users.Alice, { title: "t", listId: list.id, tags: ["a", "b"] });
    const patch = (json: unknown) => call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Bob"), json });
    const names = (res: { body: { tags: { name: string }[] } }) => res.body.tags.map((g) => g.name);
    expect(names(await patch({ title: "renamed" }))).toEqual(["a", "b"]);
    expect(names(await patch({ tags: ["b", "c"] }))).toEqual(["b", "c"]);
    expect(names(await patch({ tags: [] }))).toEqual([]);
    expect(names(await patch({ tags: ["z"] }))).toEqual(["z"]);
    expect(names(await call(server, "PUT", `/api/tasks/${t.id}`, { as: jwt("Bob"), json: { title: "put" } }))).toEqual([]);
  });

  it("refuses tags a viewer sets (403) and changes nothing", async () => {
    const list = await team();
    const t = await createTask(server, users.Alice, { title: "t", listId: list.id, tags: ["a"] });
    const res = await call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Carol"), json: { tags: ["viewer-made"] } });
    expect(res.body).toEqual(problems.forbidden("Viewers of a list cannot change its tasks."));
    expect((await tagsOf(list.id)).body.items.map((g: { name: string }) => g.name)).toEqual(["a"]);
    expect((await call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Dave"), json: { tags: ["x"] } })).body).toEqual(problems.notFound);
  });

  it("refuses more than 20 names and bad names, naming the item", async () => {
    const names = Array.from({ length: 21 }, (_, i) => `t${i}`);
    const res = await call(server, "POST", "/api/tasks", { as: jwt("Alice"), json: { title: "t", tags: names } });
    expect(res.body).toEqual(problems.validation([{ path: "tags", message: "At most 20 tags." }]));
    const bad = await call(server, "POST", "/api/tasks", { as: jwt("Alice"), json: { title: "t", tags: ["ok", "a".repeat(51), "a\u0000"] } });
    expect(bad.body).toEqual(
      problems.validation([
        { path: "tags.1", message: "At most 50 characters." },
        { path: "tags.2", message: "Must not contain control characters." },
      ]),
    );
  });

  it("in a batch, all or nothing", async () => {
    const list = await team();
    const res = await call(server, "POST", "/api/tasks/batch", {
      as: jwt("Bob"),
      json: { operations: [{ op: "create", body: { title: "b", listId: list.id, tags: ["batch"] } }] },
    });
    expect(res.body.results[0].task.tags).toEqual([{ id: UUID, name: "batch", color: null }]);
    const id = res.body.results[0].task.id;
    const failed = await call(server, "POST", "/api/tasks/batch", {
      as: jwt("Bob"),
      json: { operations: [{ op: "update", id, body: { tags: ["rolled back"] } }, { op: "delete", id: NO_SUCH_ID }] },
    });
    expect(failed.body).toEqual(problems.inOperation(1, problems.notFound));
    expect((await task(id)).body.tags.map((g: { name: string }) => g.name)).toEqual(["batch"]);
    expect((await tagsOf(list.id)).body.items.map((g: { name: string }) => g.name)).toEqual(["batch"]);
  });

  it("go with a task that moves, by name, into the new list's tags", async () => {
    const from = await team("From");
    const to = await createList(server, users.Alice, { name: "To" });
    await postTag(to.id, { name: "HOME", color: "blue" });
    await postTag(from.id, { name: "work", color: "red" });
    const t = await createTask(server, users.Alice, { title: "t", listId: from.id, tags: ["home", "work"] });
    const moved = await call(server, "PATCH", `/api/tasks/${t.id}`, { as: jwt("Alice"), json: { listId: to.id } });
    expect(moved.body.tags).toEqual([
      { id: UUID, name: "HOME", color: "blue" },
      { id: UUID, name: "work", color: "red" },
    ]);
    const toTags = (await tagsOf(to.id)).body.items;
    expect(moved.body.tags.map((g: { id: string }) => g.id)).toEqual(toTags.map((g: { id: string }) => g.id));
    expect((await tagsOf(from.id)).body.items.map((g: { taskCount: number }) => g.taskCount)).toEqual([0, 0]);
  });
});
