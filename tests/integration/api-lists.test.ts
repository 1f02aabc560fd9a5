import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer, type Credentials } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, inboxOf, ISO, NO_SUCH_ID, share, UUID } from "../support/sharing";

// /api/lists and /api/lists/{id} over real HTTP: the caller's lists in their order, create
// with its limits, one list with its ETag, rename and recolour, delete; who may do which,
// by cookie and by JWT, and that a refusal changes nothing.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave"], env: { MAX_LISTS_PER_USER: "20" } });

const aliceJwt = () => as("Alice");
const get = (path: string, who: Credentials = aliceJwt()) => call(server, "GET", path, { as: who });

function listBody(overrides: Record<string, unknown>) {
  return {
    id: UUID,
    name: "Groceries",
    color: null,
    inbox: false,
    role: "owner",
    owner: { id: users.Alice.id, name: "Alice" },
    memberCount: 1,
    taskCount: 0,
    createdAt: ISO,
    updatedAt: ISO,
    ...overrides,
  };
}

describe("GET /api/lists", () => {
  it("starts with the account's Inbox", async () => {
    const res = await get("/api/lists", as("Dave"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [listBody({ name: "Inbox", inbox: true, owner: { id: users.Dave.id, name: "Dave" } })],
      nextCursor: null,
    });
  });

  it("lists the Inbox, then owned lists, then shared ones, page by page", async () => {
    const carol = users.Carol;
    const own1 = await createList(server, carol, { name: "Own 1" });
    const shared = await createList(server, users.Bob, { name: "Bob's" });
    await share(server, users.Bob, shared.id, carol, "viewer");
    const own2 = await createList(server, carol, { name: "Own 2" });
    const all = await get("/api/lists", as("Carol"));
    expect(all.body.items.map((l: { name: string }) => l.name)).toEqual(["Inbox", "Own 1", "Own 2", "Bob's"]);
    expect(all.body.items[3]).toEqual(
      listBody({ id: shared.id, name: "Bob's", role: "viewer", owner: { id: users.Bob.id, name: "Bob" }, memberCount: 2 }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
        `/api/lists?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        as("Carol", "cookie"),
      );
      expect(page.body.items).toHaveLength(1);
      seen.push(page.body.items[0]!.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((l: { id: string }) => l.id));
    expect(seen.slice(1, 3)).toEqual([own1.id, own2.id]);
  });

  it.each([
    ["limit=0", [{ path: "limit", message: "Must be from 1 to 200." }]],
    ["limit=201", [{ path: "limit", message: "Must be from 1 to 200." }]],
    ["cursor=bogus", [{ path: "cursor", message: "Invalid cursor." }]],
    ["page=2", [{ path: "page", message: "Unknown or read-only field." }]],
  ])("refuses %s", async (query, errors) => {
    const res = await get(`/api/lists?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(errors);
  });

  it("needs credentials", async () => {
    expect((await call(server, "GET", "/api/lists")).body).toEqual(problems.unauthorized.session);
  });
});

describe("POST /api/lists", () => {
  it("creates a list the caller owns: 201, Location, ETag; the name trimmed, the colour in lower case", async () => {
    const res = await call(server, "POST", "/api/lists", { as: as("Alice", "cookie"), json: { name: "  Groceries  ", color: "#A0B1C2" } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(listBody({ color: "#a0b1c2" }));
    expect(res.headers.get("location")).toBe(`/api/lists/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect((await get(`/api/lists/${res.body.id}`)).body).toEqual(res.body);
  });

  it("stores a name of exactly 100 code points (emoji) as sent", async () => {
    const name = "🍎".repeat(100);
    const created = await createList(server, users.Alice, { name });
    expect((await get(`/api/lists/${created.id}`)).body.name).toBe(name);
    await call(server, "DELETE", `/api/lists/${created.id}`, { as: aliceJwt() });
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    ["101 code points", { name: "🍎".repeat(101) }, [{ path: "name", message: "At most 100 characters." }]],
    ["a blank name", { name: "   " }, [{ path: "name", message: "Must not be empty." }]],
    ["an invisible name", { name: "\u200b\u2060\ufeff" }, [{ path: "name", message: "Must not be empty." }]],
    ["a NUL", { name: "a\u0000b" }, [{ path: "name", message: "Must not contain control characters." }]],
    ["a line break", { name: "a\nb" }, [{ path: "name", message: "Must not contain control characters." }]],
    ["no name", { color: "#000000" }, [{ path: "name", message: "Invalid input: expected string, received undefined" }]],
    ["a short colour", { name: "x", color: "#abc" }, [{ path: "color", message: "Must be a colour written #rrggbb, or null." }]],
    ["a named colour", { name: "x", color: "red" }, [{ path: "color", message: "Must be a colour written #rrggbb, or null." }]],
    ["an owner in the body", { name: "x", ownerId: "someone" }, [{ path: "ownerId", message: "Unknown or read-only field." }]],
  ])("refuses %s (422), and stores nothing", async (_name, json, errors) => {
    const before = await get("/api/lists");
    const res = await call(server, "POST", "/api/lists", { as: aliceJwt(), json });
    expect(res.body).toEqual(problems.validation(errors));
    expect((await get("/api/lists")).body).toEqual(before.body);
  });

  it("takes a colour of null", async () => {
    const created = await createList(server, users.Alice, { name: "Plain", color: null });
    expect(created.color).toBeNull();
    await call(server, "DELETE", `/api/lists/${created.id}`, { as: aliceJwt() });
  });

  it("stops at MAX_LISTS_PER_USER lists owned, the Inbox included (422)", async () => {
    const owned = (await get("/api/lists", as("Dave"))).body.items.length;
    for (let i = owned; i < 20; i++) await createList(server, users.Dave, { name: `L${i}` });
    const res = await call(server, "POST", "/api/lists", { as: as("Dave"), json: { name: "one too many" } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.listLimitReached(20));
    expect((await get("/api/lists", as("Dave"))).body.items).toHaveLength(20);
  });
});

describe("GET /api/lists/{id}", () => {
  it("answers a member with the list and its ETag, 304 for that ETag", async () => {
    const list = await createList(server, users.Alice, { name: "Read me" });
    await share(server, users.Alice, list.id, users.Bob, "viewer");
    await createTask(server, users.Alice, { title: "one", listId: list.id });
    const res = await get(`/api/lists/${list.id}`, as("Bob", "cookie"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listBody({ id: list.id, name: "Read me", role: "viewer", memberCount: 2, taskCount: 1 }));
    const etag = res.headers.get("etag")!;
    const again = await call(server, "GET", `/api/lists/${list.id}`, { as: as("Bob"), headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("is the same 404 for a stranger, by JWT and cookie, as for no list at all", async () => {
    const list = await createList(server, users.Alice, { name: "Private" });
    for (const via of ["jwt", "cookie"] as const) {
      for (const id of [list.id, NO_SUCH_ID, "not-a-uuid"]) {
        const res = await get(`/api/lists/${id}`, as("Carol", via));
        expect(res.status).toBe(404);
        expect(res.body).toEqual(problems.listNotFound);
      }
    }
  });
});

describe("PATCH /api/lists/{id}", () => {
  it("renames and recolours for the owner and admins, with a new ETag; If-Match stale is 412", async () => {
    const list = await createList(server, users.Alice, { name: "Old" });
    await share(server, users.Alice, list.id, users.Bob, "admin");
    const res = await call(server, "PATCH", `/api/lists/${list.id}`, {
      as: as("Bob", "cookie"),
      json: { name: "New", color: "#FFFFFF" },
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(listBody({ id: list.id, name: "New", color: "#ffffff", role: "admin", memberCount: 2 }));
    expect(res.headers.get("etag")).toBe('"2"');
    expect(res.body.updatedAt > list.updatedAt).toBe(true);
    const stale = await call(server, "PATCH", `/api/lists/${list.id}`, { as: aliceJwt(), json: { name: "Late" }, headers: { "if-match": '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toEqual(problems.listPreconditionFailed);
    expect(stale.headers.get("etag")).toBe('"2"');
    expect((await get(`/api/lists/${list.id}`)).body.name).toBe("New");
  });

  it("is 403 for editors and viewers, and changes nothing", async () => {
    const list = await createList(server, users.Alice, { name: "Kept" });
    await share(server, users.Alice, list.id, users.Bob, "editor");
    await share(server, users.Alice, list.id, users.Carol, "viewer");
    for (const who of ["Bob", "Carol"] as const) {
      const res = await call(server, "PATCH", `/api/lists/${list.id}`, { as: as(who), json: { name: "Mine" } });
      expect(res.body).toEqual(problems.forbidden("Only the owner and admins of a list can change it."));
    }
    expect((await get(`/api/lists/${list.id}`)).body).toMatchObject({ name: "Kept" });
  });

  it("refuses to rename the Inbox (409) but recolours it", async () => {
    const inbox = await inboxOf(server, users.Alice);
    const res = await call(server, "PATCH", `/api/lists/${inbox.id}`, { as: aliceJwt(), json: { name: "Outbox" } });
    expect(res.body).toEqual(problems.conflict("The Inbox cannot be renamed (its colour can be changed)."));
    const recoloured = await call(server, "PATCH", `/api/lists/${inbox.id}`, { as: aliceJwt(), json: { color: "#123456" } });
    expect(recoloured.body).toMatchObject({ name: "Inbox", color: "#123456", inbox: true });
  });

  it("refuses an empty patch and an id in the body (422)", async () => {
    const list = await createList(server, users.Alice, { name: "Strict" });
    const empty = await call(server, "PATCH", `/api/lists/${list.id}`, { as: aliceJwt(), json: {} });
    expect(empty.body).toEqual(problems.validation([{ path: "", message: "Give at least one field to change." }]));
    const withId = await call(server, "PATCH", `/api/lists/${list.id}`, { as: aliceJwt(), json: { id: NO_SUCH_ID, name: "x" } });
    expect(withId.body).toEqual(problems.validation([{ path: "id", message: "Unknown or read-only field." }]));
  });

  it("is a 404 for a stranger", async () => {
    const list = await createList(server, users.Alice, { name: "Hidden" });
    const res = await call(server, "PATCH", `/api/lists/${list.id}`, { as: as("Carol", "cookie"), json: { name: "x" } });
    expect(res.body).toEqual(problems.listNotFound);
  });
});

describe("DELETE /api/lists/{id}", () => {
  it("deletes the list and its tasks for the owner; admins get 403 and nothing changes", async () => {
    const list = await createList(server, users.Alice, { name: "Doomed" });
    await share(server, users.Alice, list.id, users.Bob, "admin");
    const task = await createTask(server, users.Bob, { title: "in it", listId: list.id });
    const refused = await call(server, "DELETE", `/api/lists/${list.id}`, { as: as("Bob", "cookie") });
    expect(refused.body).toEqual(problems.forbidden("Only the owner of a list can delete it."));
    expect((await get(`/api/tasks/${task.id}`, as("Bob"))).status).toBe(200);
    const stale = await call(server, "DELETE", `/api/lists/${list.id}`, { as: aliceJwt(), headers: { "if-match": '"7"' } });
    expect(stale.body).toEqual(problems.listPreconditionFailed);
    const res = await call(server, "DELETE", `/api/lists/${list.id}`, { as: as("Alice", "cookie"), headers: { "if-match": '"1"' } });
    expect(res.status).toBe(204);
    for (const who of ["Alice", "Bob"] as const) {
      expect((await get(`/api/lists/${list.id}`, as(who))).body).toEqual(problems.listNotFound);
      expect((await get(`/api/tasks/${task.id}`, as(who))).body).toEqual(problems.notFound);
    }
  });

  it("refuses to delete the Inbox (409)", async () => {
    const inbox = await inboxOf(server, users.Alice);
    const res = await call(server, "DELETE", `/api/lists/${inbox.id}`, { as: aliceJwt() });
    expect(res.body).toEqual(problems.conflict("The Inbox cannot be deleted."));
  });

  it("is a 404 for a stranger, and for a list already gone", async () => {
    const list = await createList(server, users.Alice, { name: "Mine" });
    expect((await call(server, "DELETE", `/api/lists/${list.id}`, { as: as("Carol") })).body).toEqual(problems.listNotFound);
    expect((await call(server, "DELETE", `/api/lists/${list.id}`, { as: aliceJwt() })).status).toBe(204);
    expect((await call(server, "DELETE", `/api/lists/${list.id}`, { as: aliceJwt() })).body).toEqual(problems.listNotFound);
  });
});
