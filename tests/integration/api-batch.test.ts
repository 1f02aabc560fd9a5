import { describe, expect, it } from "vitest";
import { call, createTask, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

const { server, users, as } = useAppServer({ users: ["Alice"] });

async function all() {
  return (await call(server, "GET", "/api/tasks?limit=100", { as: as("Alice") })).body.items as Record<string, any>[];
}

describe("POST /api/tasks/batch", () => {
  it("applies every kind of operation and reports each", async () => {
    const a = await createTask(server, users.Alice, { title: "a" });
    const b = await createTask(server, users.Alice, { title: "b" });
    const c = await createTask(server, users.Alice, { title: "c" });
    const res = await call(server, "POST", "/api/tasks/batch", {
      as: as("Alice"),
      json: {
        operations: [
          { op: "create", body: { title: "new", priority: "high" } },
          { op: "update", id: a.id, body: { title: "a2" } },
          { op: "complete", id: b.id, body: { completed: true } },
          { op: "complete", id: b.id },
          { op: "delete", id: c.id },
        ],
      },
    });
    expect(res.status).toBe(200);
    const [created, updated, completed, toggled, deleted] = res.body.results;
    expect(created).toEqual({ op: "create", status: 201, task: expect.objectContaining({ title: "new", priority: "high" }) });
    expect(updated).toEqual({ op: "update", status: 200, task: { ...a, title: "a2", updatedAt: expect.any(String) } });
    expect(completed.task.completed).toBe(true);
    expect(toggled.task.completed).toBe(false);
    expect(deleted).toEqual({ op: "delete", status: 204, id: c.id });
    const ids = (await all()).map((t) => t.id);
    expect(ids).toContain(created.task.id);
    expect(ids).not.toContain(c.id);
  });

  it("changes nothing when operation 57 is invalid, and names it", async () => {
    const before = await all();
    const operations = Array.from({ length: 100 }, (_, i) =>
      i === 57 ? { op: "create", body: { title: "x".repeat(201) } } : { op: "create", body: { title: `ok ${i}` } },
    );
    const res = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "operations.57.body.title", message: "At most 200 characters." }]);
    expect(await all()).toEqual(before);
  });

  it("rolls back everything when operation 57 fails at run time (another user's task)", async () => {
    const bob = await signUp(server, "Bob");
    const his = await createTask(server, bob, { title: "Bob's" });
    const mine = await createTask(server, users.Alice, { title: "mine" });
    const before = await all();
    const operations = Array.from({ length: 60 }, (_, i) =>
      i === 57 ? { op: "delete", id: his.id } : i % 2 ? { op: "create", body: { title: `t${i}` } } : { op: "update", id: mine.id, body: { title: `u${i}` } },
    );
    const res = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations } });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(problems.inOperation(57, problems.notFound));
    expect(await all()).toEqual(before);
    const still = await call(server, "GET", `/api/tasks/${his.id}`, { as: { user: bob, via: "jwt" } });
    expect(still.body).toEqual(his);
  });

  it.each([
    ["no operations", { operations: [] }, [{ path: "operations", message: "Give at least one operation." }]],
    ["101 operations", { operations: Array(101).fill({ op: "delete", id: "x" }) }, [{ path: "operations", message: "At most 100 operations." }]],
    ["an unknown op", { operations: [{ op: "explode" }] }, [{ path: "operations.0.op", message: "Must be an operation: create, update, complete or delete." }]],
    ["an update without id", { operations: [{ op: "update", body: { title: "x" } }] }, [{ path: "operations.0.id", message: "Invalid input: expected string, received undefined" }]],
  ])("refuses %s with 422", async (_name, json, errors) => {
    const res = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(errors);
  });
});

describe("DELETE /api/tasks?status=completed", () => {
  it("clears the caller's completed tasks only and says how many", async () => {
    const bob = await signUp(server, "Bob2");
    const bobsDone = await createTask(server, bob, { title: "Bob done", completed: true });
    await createTask(server, users.Alice, { title: "done 1", completed: true });
    await createTask(server, users.Alice, { title: "done 2", completed: true });
    const open = await createTask(server, users.Alice, { title: "open" });
    const expected = (await all()).filter((t) => t.completed).length;
    const res = await call(server, "DELETE", "/api/tasks?status=completed", { as: as("Alice") });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: expected });
    const left = await all();
    expect(left.filter((t) => t.completed)).toEqual([]);
    expect(left.map((t) => t.id)).toContain(open.id);
    expect((await call(server, "GET", `/api/tasks/${bobsDone.id}`, { as: { user: bob, via: "jwt" } })).status).toBe(200);
  });

  it.each(["", "?status=all", "?status=pending"])("refuses DELETE /api/tasks%s (never deletes everything)", async (query) => {
    const before = await all();
    const res = await call(server, "DELETE", `/api/tasks${query}`, { as: as("Alice") });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: "status", message: "Only status=completed can be cleared." }]);
    expect(await all()).toEqual(before);
  });
});

describe("GET /api/tasks/changes over HTTP", () => {
  it("reports creations, updates and deletions since a token", async () => {
    const carol = await signUp(server, "Carol");
    const as = { user: carol, via: "jwt" as const };
    const t1 = await createTask(server, carol, { title: "one" });
    const first = await call(server, "GET", "/api/tasks/changes", { as });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ tasks: [t1], deleted: [], next: expect.any(String), hasMore: false });
    const t2 = await createTask(server, carol, { title: "two" });
    await call(server, "DELETE", `/api/tasks/${t1.id}`, { as });
    const second = await call(server, "GET", `/api/tasks/changes?since=${first.body.next}`, { as });
    expect(second.body).toEqual({ tasks: [t2], deleted: [t1.id], next: expect.any(String), hasMore: false });
    const bad = await call(server, "GET", "/api/tasks/changes?since=nonsense", { as });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: "since", message: "Invalid sync token." }]);
  });
});
