import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// OWASP API3 (object property level): the server alone owns id, userId, the authors and the
// timestamps; responses carry exactly the documented fields; prototype-pollution keys are
// refused.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob"] });

const TASK_FIELDS = ["commentCount", "completed", "createdAt", "createdBy", "description", "dueDate", "id", "listId", "priority", "tags", "title", "updatedAt", "updatedBy"];
const SERVER_OWNED = [
  ...["id", "userId", "user_id", "createdAt", "created_at", "updatedAt", "updated_at", "revision", "owner"],
  ...["createdBy", "created_by", "updatedBy", "updated_by", "txid"],
];
const naming = (field: string) => /user|owner|by$/i.test(field);
const POLLUTION = ["__proto__", "constructor", "prototype"];

describe("server-owned fields", () => {
  it.each(SERVER_OWNED)("refuses %s in a create, a replace, a patch and a batch, naming it", async (field) => {
    const task = await createTask(server, users.Alice, { title: "mine" });
    const value = naming(field) ? users.Bob.id : "2000-01-01T00:00:00Z";
    const attempts = [
      call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title: "t", [field]: value } }),
      call(server, "PUT", `/api/tasks/${task.id}`, { as: as("Alice"), json: { title: "t", [field]: value } }),
      call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { [field]: value } }),
      call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations: [{ op: "create", body: { title: "t", [field]: value } }] } }),
    ];
    const [created, replaced, patched, batched] = await Promise.all(attempts);
    for (const res of [created, replaced, patched]) {
      expect(res!.status).toBe(422);
      expect(res!.body.errors).toContainEqual({ path: field, message: "Unknown or read-only field." });
    }
    expect(batched!.status).toBe(422);
    expect(batched!.body.errors).toContainEqual({ path: `operations.0.body.${field}`, message: "Unknown or read-only field." });
    const after = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(after.body).toEqual(task);
  });

  it.each(POLLUTION)("refuses the key %s at every level and pollutes nothing", async (key) => {
    const bodies = [`{"title":"t","${key}":{"isAdmin":true}}`, `{"operations":[{"op":"create","body":{"title":"t","${key}":{"x":1}}}]}`];
    for (const [i, body] of bodies.entries()) {
      const res = await call(server, "POST", i ? "/api/tasks/batch" : "/api/tasks", {
        as: as("Alice"),
        headers: { "content-type": "application/json" },
        body,
      });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([i ? `operations.0.body.${key}` : key]);
    }
    // The server still answers normally: nothing was polluted for later requests.
    const next = await createTask(server, users.Alice, { title: "after" });
    expect(Object.keys(next).sort()).toEqual(TASK_FIELDS);
  });
});

describe("responses carry exactly the documented fields", () => {
  it("for a task, a page, the change feed and a batch", async () => {
    const task = await createTask(server, users.Alice, { title: "shape", description: "d", priority: "low", dueDate: "2026-01-01" });
    expect(Object.keys(task).sort()).toEqual(TASK_FIELDS);
    const page = await call(server, "GET", "/api/tasks", { as: as("Alice") });
    expect(Object.keys(page.body).sort()).toEqual(["items", "nextCursor"]);
    for (const item of page.body.items) expect(Object.keys(item).sort()).toEqual(TASK_FIELDS);
    const feed = await call(server, "GET", "/api/tasks/changes", { as: as("Alice") });
    expect(Object.keys(feed.body).sort()).toEqual(["deleted", "hasMore", "next", "tasks"]);
    for (const item of feed.body.tasks) expect(Object.keys(item).sort()).toEqual(TASK_FIELDS);
    const batch = await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations: [{ op: "create", body: { title: "b" } }] } });
    expect(Object.keys(batch.body.results[0].task).sort()).toEqual(TASK_FIELDS);
    // The caller's id is in the authors (createdBy, updatedBy) and nowhere else.
    const tasks = [task, ...page.body.items, ...feed.body.tasks, batch.body.results[0].task];
    for (const t of tasks) expect([t.createdBy, t.updatedBy]).toEqual([users.Alice.id, users.Alice.id]);
    const withoutAuthors = tasks.map(({ createdBy: _c, updatedBy: _u, ...rest }) => rest);
    expect(JSON.stringify([withoutAuthors, feed.body.next, page.body.nextCursor])).not.toContain(users.Alice.id);
  });

  it("never echoes the caller's email or name in the JWT or task responses", async () => {
    const payload = JSON.parse(Buffer.from(users.Alice.jwt.split(".")[1]!, "base64url").toString());
    expect(JSON.stringify(payload)).not.toContain(users.Alice.email);
    expect(JSON.stringify(payload)).not.toContain("Alice");
  });
});
