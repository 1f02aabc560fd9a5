import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, invite, membersOf, share } from "../support/sharing";

// Deleting an account (Better Auth's delete-user, with the password) over real HTTP: each
// list it owned passes to its longest-standing admin, or goes with its tasks; its tasks in
// lists of others stay, with created_by / updated_by null; invitations it sent show no inviter.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave", "Erin"] });

describe("deleting an account", () => {
  it("hands its lists to the longest-standing admin, deletes those without one, and keeps its tasks elsewhere", async () => {
    const alice = users.Alice;
    const kept = await createList(server, alice, { name: "Kept" });
    await share(server, alice, kept.id, users.Carol, "editor");
    await share(server, alice, kept.id, users.Bob, "admin");
    await share(server, alice, kept.id, users.Dave, "admin");
    // Carol joined first, as an editor; made an admin later, she still joined first.
    await call(server, "PATCH", `/api/lists/${kept.id}/members/${users.Carol.id}`, { as: as("Alice"), json: { role: "admin" } });
    const keptTask = await createTask(server, alice, { title: "stays", listId: kept.id });

    const dropped = await createList(server, alice, { name: "Dropped" });
    await share(server, alice, dropped.id, users.Dave, "editor");
    const droppedTask = await createTask(server, users.Dave, { title: "goes", listId: dropped.id });

    const erins = await createList(server, users.Erin, { name: "Erin's" });
    await share(server, users.Erin, erins.id, alice, "admin");
    const elsewhere = await createTask(server, alice, { title: "Alice's, in Erin's list", listId: erins.id });
    const sent = await invite(server, alice, erins.id, "friend@example.com", "viewer");

    const res = await call(server, "POST", "/api/auth/delete-user", {
      json: { password: alice.password },
      headers: { origin: server.url, cookie: alice.cookie },
    });
    expect(res.status).toBe(200);

    const heir = await call(server, "GET", `/api/lists/${kept.id}`, { as: as("Carol") });
    expect(heir.body).toMatchObject({ name: "Kept", role: "owner", owner: { id: users.Carol.id, name: "Carol" }, memberCount: 3, taskCount: 1 });
    expect((await membersOf(server, users.Bob, kept.id)).map((m) => [m.name, m.role])).toEqual([
      ["Carol", "owner"],
      ["Bob", "admin"],
      ["Dave", "admin"],
    ]);
    expect((await call(server, "GET", `/api/tasks/${keptTask.id}`, { as: as("Bob") })).body).toEqual({ ...keptTask, createdBy: null, updatedBy: null });

    expect((await call(server, "GET", `/api/lists/${dropped.id}`, { as: as("Dave") })).body).toEqual(problems.listNotFound);
    expect((await call(server, "GET", `/api/tasks/${droppedTask.id}`, { as: as("Dave") })).body).toEqual(problems.notFound);

    expect((await call(server, "GET", `/api/tasks/${elsewhere.id}`, { as: as("Erin") })).body).toEqual({ ...elsewhere, createdBy: null, updatedBy: null });
    const pending = await call(server, "GET", `/api/lists/${erins.id}/invitations`, { as: as("Erin") });
    expect(pending.body).toEqual({ items: [{ ...sent, invitedBy: null }] });
    expect((await membersOf(server, users.Erin, erins.id)).map((m) => m.name)).toEqual(["Erin"]);
    expect((await call(server, "GET", "/api/lists", { as: as("Alice") })).body).toEqual(problems.unauthorized.deletedAccount);
  });
});
