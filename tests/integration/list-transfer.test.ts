import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, inboxOf, membersOf, NO_SUCH_ID, share } from "../support/sharing";

// POST /api/lists/{id}/transfer over real HTTP: the owner hands a list to a member, whose
// MAX_TASKS_PER_USER then counts its tasks (refused with 422 when they would pass it, and
// nothing moves); the old owner becomes an admin, with the count of those tasks freed.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol"], env: { MAX_TASKS_PER_USER: "5" } });

const transfer = (listId: string, userId: string, who: "Alice" | "Bob" | "Carol", via: "jwt" | "cookie" = "jwt") =>
  call(server, "POST", `/api/lists/${listId}/transfer`, { as: as(who, via), json: { userId } });

describe("POST /api/lists/{id}/transfer", () => {
  it("refuses when the new owner would pass MAX_TASKS_PER_USER, then hands the list over with its tasks", async () => {
    const list = await createList(server, users.Alice, { name: "Handover" });
    await share(server, users.Alice, list.id, users.Bob, "editor");
    const tasks = [];
    for (let i = 0; i < 3; i++) tasks.push(await createTask(server, users.Alice, { title: `t${i}`, listId: list.id }));
    const bobs = [];
    for (let i = 0; i < 3; i++) bobs.push(await createTask(server, users.Bob, { title: `b${i}` }));

    const refused = await transfer(list.id, users.Bob.id, "Alice");
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      type: "urn:tasks:problem:task-limit-reached",
      title: "Task limit reached",
      status: 422,
      detail: "The new owner would pass the limit of 5 tasks with this list's 3.",
    });
    expect((await membersOf(server, users.Alice, list.id)).map((m) => [m.name, m.role])).toEqual([["Alice", "owner"], ["Bob", "editor"]]);

    await call(server, "DELETE", `/api/tasks/${bobs[0]!.id}`, { as: as("Bob") });
    const res = await transfer(list.id, users.Bob.id, "Alice", "cookie");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: list.id,
      name: "Handover",
      color: null,
      inbox: false,
      role: "admin",
      owner: { id: users.Bob.id, name: "Bob" },
      memberCount: 2,
      taskCount: 3,
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
    });
    expect(res.headers.get("etag")).toBe('"2"');
    expect((await membersOf(server, users.Bob, list.id)).map((m) => [m.name, m.role])).toEqual([["Bob", "owner"], ["Alice", "admin"]]);
    for (const task of tasks) expect((await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") })).body).toEqual(task);

    // Bob now owns 2 + 3 = 5 tasks: his next one is refused; Alice's 3 were freed.
    const full = await call(server, "POST", "/api/tasks", { as: as("Bob"), json: { title: "one more" } });
    expect(full.body).toEqual(problems.taskLimitReached(5));
    for (let i = 0; i < 5; i++) await createTask(server, users.Alice, { title: `free ${i}` });
    // Alice, an admin now, cannot delete it or give it away again; Bob could, but Alice is full now.
    expect((await call(server, "DELETE", `/api/lists/${list.id}`, { as: as("Alice") })).body).toEqual(
      problems.forbidden("Only the owner of a list can delete it."),
    );
    expect((await transfer(list.id, users.Alice.id, "Alice")).body).toEqual(problems.forbidden("Only the owner of a list can transfer it."));
    expect((await transfer(list.id, users.Alice.id, "Bob")).body.detail).toBe("The new owner would pass the limit of 5 tasks with this list's 3.");
    expect((await call(server, "DELETE", `/api/lists/${list.id}`, { as: as("Bob") })).status).toBe(204);
  });

  it("refuses a non-member (404), a stranger (404), the owner themselves and the Inbox (409), an extra field (422)", async () => {
    const list = await createList(server, users.Carol, { name: "Mine" });
    expect((await transfer(list.id, users.Bob.id, "Carol")).body).toEqual(problems.memberNotFound);
    expect((await transfer(list.id, NO_SUCH_ID, "Carol")).body).toEqual(problems.memberNotFound);
    expect((await transfer(list.id, users.Bob.id, "Bob", "cookie")).body).toEqual(problems.listNotFound);
    expect((await transfer(list.id, users.Carol.id, "Carol")).body).toEqual(problems.conflict("You own this list already."));
    const inbox = await inboxOf(server, users.Carol);
    expect((await transfer(inbox.id, users.Bob.id, "Carol")).body).toEqual(problems.conflict("The Inbox cannot be transferred."));
    const extra = await call(server, "POST", `/api/lists/${list.id}/transfer`, {
      as: as("Carol"),
      json: { userId: users.Bob.id, listId: list.id },
    });
    expect(extra.body).toEqual(problems.validation([{ path: "listId", message: "Unknown or read-only field." }]));
    expect((await membersOf(server, users.Carol, list.id)).map((m) => m.role)).toEqual(["owner"]);
  });
});
