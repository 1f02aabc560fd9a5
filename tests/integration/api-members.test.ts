import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, ISO, membersOf, NO_SUCH_ID, share } from "../support/sharing";

// /api/lists/{id}/members over real HTTP: who is in, role changes below owner, removal
// and leaving; each member looked up through its list, each refusal whole, nothing
// changed by it, and a removed member's next request (by an older JWT too) finds nothing.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave"] });

type Name = "Alice" | "Bob" | "Carol" | "Dave";
const patch = (listId: string, userId: string, role: unknown, who: Name, via: "jwt" | "cookie" = "jwt") =>
  call(server, "PATCH", `/api/lists/${listId}/members/${userId}`, { as: as(who, via), json: { role } });
const remove = (listId: string, userId: string, who: Name, via: "jwt" | "cookie" = "jwt") =>
  call(server, "DELETE", `/api/lists/${listId}/members/${userId}`, { as: as(who, via) });

/** Alice owns it; Bob is an admin, Carol an editor. */
async function team(name = "Team") {
  const list = await createList(server, users.Alice, { name });
  await share(server, users.Alice, list.id, users.Bob, "admin");
  await share(server, users.Alice, list.id, users.Carol, "editor");
  return list;
}

const member = (name: Name, role: string) => ({ userId: users[name].id, name, email: users[name].email, role, joinedAt: ISO });

describe("GET /api/lists/{id}/members", () => {
  it("lists every member, the owner first, for any member; 404 for a stranger", async () => {
    const list = await team();
    const expected = { items: [member("Alice", "owner"), member("Bob", "admin"), member("Carol", "editor")] };
    for (const who of ["Alice", "Bob", "Carol"] as const) {
      expect((await call(server, "GET", `/api/lists/${list.id}/members`, { as: as(who, "cookie") })).body).toEqual(expected);
    }
    for (const via of ["jwt", "cookie"] as const) {
      expect((await call(server, "GET", `/api/lists/${list.id}/members`, { as: as("Dave", via) })).body).toEqual(problems.listNotFound);
    }
  });
});

describe("PATCH /api/lists/{id}/members/{userId}", () => {
  it("changes a role for the owner and admins: the answer is the member", async () => {
    const list = await team();
    const res = await patch(list.id, users.Carol.id, "viewer", "Bob", "cookie");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(member("Carol", "viewer"));
    expect((await patch(list.id, users.Bob.id, "editor", "Alice")).body).toEqual(member("Bob", "editor"));
    // Carol is a viewer now: she can no longer add tasks.
    const write = await call(server, "POST", "/api/tasks", { as: as("Carol"), json: { title: "x", listId: list.id } });
    expect(write.body).toEqual(problems.forbidden("Viewers of a list cannot add tasks to it."));
  });

  it("refuses editors (403), the owner's role (403 for an admin, 409 for the owner), other lists' members (404)", async () => {
    const list = await team();
    const other = await createList(server, users.Alice, { name: "Elsewhere" });
    await share(server, users.Alice, other.id, users.Dave, "viewer");
    expect((await patch(list.id, users.Bob.id, "viewer", "Carol")).body).toEqual(
      problems.forbidden("Only the owner and admins of a list can change roles."),
    );
    expect((await patch(list.id, users.Alice.id, "viewer", "Bob")).body).toEqual(problems.forbidden("The owner's role cannot be changed."));
    expect((await patch(list.id, users.Alice.id, "admin", "Alice")).body).toEqual(
      problems.conflict("The owner's role cannot change: transfer the ownership instead."),
    );
    for (const id of [users.Dave.id, NO_SUCH_ID, "nobody"]) {
      expect((await patch(list.id, id, "viewer", "Alice")).body).toEqual(problems.memberNotFound);
    }
    expect((await patch(list.id, users.Bob.id, "viewer", "Dave")).body).toEqual(problems.listNotFound);
    expect((await patch(list.id, users.Bob.id, "owner", "Alice")).body).toEqual(
      problems.validation([{ path: "role", message: "Must be one of admin, editor, viewer." }]),
    );
    const extra = await call(server, "PATCH", `/api/lists/${list.id}/members/${users.Bob.id}`, {
      as: as("Alice"),
      json: { role: "viewer", userId: users.Carol.id },
    });
    expect(extra.body).toEqual(problems.validation([{ path: "userId", message: "Unknown or read-only field." }]));
    expect(await membersOf(server, users.Alice, list.id)).toEqual([member("Alice", "owner"), member("Bob", "admin"), member("Carol", "editor")]);
  });
});

describe("DELETE /api/lists/{id}/members/{userId}", () => {
  it("lets an admin remove a member: the removed member's next request, by an older JWT, finds nothing", async () => {
    const list = await team();
    const task = await createTask(server, users.Carol, { title: "Carol's", listId: list.id });
    expect((await remove(list.id, users.Carol.id, "Bob", "cookie")).status).toBe(204);
    expect((await call(server, "GET", `/api/lists/${list.id}`, { as: as("Carol") })).body).toEqual(problems.listNotFound);
    expect((await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Carol") })).body).toEqual(problems.notFound);
    expect((await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") })).status).toBe(200);
    expect(await membersOf(server, users.Alice, list.id)).toEqual([member("Alice", "owner"), member("Bob", "admin")]);
  });

  it("lets any member leave; the owner can neither leave nor be removed (409)", async () => {
    const list = await team();
    await share(server, users.Alice, list.id, users.Dave, "viewer");
    expect((await remove(list.id, users.Dave.id, "Dave")).status).toBe(204);
    const ownerStays = problems.conflict("The owner cannot leave or be removed: transfer the ownership first.");
    expect((await remove(list.id, users.Alice.id, "Alice")).body).toEqual(ownerStays);
    expect((await remove(list.id, users.Alice.id, "Bob")).body).toEqual(ownerStays);
    expect((await remove(list.id, users.Alice.id, "Dave")).body).toEqual(problems.listNotFound);
  });

  it("refuses editors removing others (403), and members of other lists (404); nothing changes", async () => {
    const list = await team();
    const other = await createList(server, users.Alice, { name: "Elsewhere" });
    await share(server, users.Alice, other.id, users.Dave, "viewer");
    expect((await remove(list.id, users.Bob.id, "Carol")).body).toEqual(
      problems.forbidden("Only the owner and admins of a list can remove its members."),
    );
    expect((await remove(list.id, users.Dave.id, "Alice")).body).toEqual(problems.memberNotFound);
    expect((await remove(list.id, users.Bob.id, "Dave", "cookie")).body).toEqual(problems.listNotFound);
    expect(await membersOf(server, users.Alice, list.id)).toEqual([member("Alice", "owner"), member("Bob", "admin"), member("Carol", "editor")]);
    expect(await membersOf(server, users.Alice, other.id)).toEqual([member("Alice", "owner"), member("Dave", "viewer")]);
  });
});
