import { describe, expect, it } from "vitest";
import { call, createTask, type CallOptions } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

// The heart of the suite: Bob, by cookie and by JWT, can never read, change, delete or
// complete Alice's tasks, and cannot tell her task ids from ids that do not exist.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob"] });

const RANDOM_ID = "0190f3a0-0000-7000-8000-000000000000";

type Attempt = [string, string, (id: string) => string, CallOptions["json"]];
const attempts: Attempt[] = [
  ["read", "GET", (id) => `/api/tasks/${id}`, undefined],
  ["replace", "PUT", (id) => `/api/tasks/${id}`, { title: "Bob was here" }],
  ["patch", "PATCH", (id) => `/api/tasks/${id}`, { title: "Bob was here" }],
  ["complete", "PATCH", (id) => `/api/tasks/${id}/complete`, { completed: true }],
  ["toggle", "PATCH", (id) => `/api/tasks/${id}/complete`, undefined],
  ["delete", "DELETE", (id) => `/api/tasks/${id}`, undefined],
];

describe.each(["cookie", "jwt"] as const)("Bob by %s", (via) => {
  it.each(attempts)("cannot %s Alice's task: the same 404 as a missing one", async (_name, method, path, json) => {
    const task = await createTask(server, users.Alice, { title: "Alice's secret", description: "private", priority: "high" });
    const theirs = await call(server, method, path(task.id), { as: as("Bob", via), json });
    const missing = await call(server, method, path(RANDOM_ID), { as: as("Bob", via), json });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(missing.body);
    expect(theirs.body).toEqual(problems.notFound);
    const after = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(task);
  });

  it("lists only his own tasks", async () => {
    await createTask(server, users.Alice, { title: "Alice's list item" });
    const own = await createTask(server, users.Bob, { title: `Bob's via ${via}` });
    const res = await call(server, "GET", "/api/tasks?limit=100", { as: as("Bob", via) });
    expect(res.status).toBe(200);
    expect(res.body.items.map((t: { id: string }) => t.id)).toContain(own.id);
    const aliceIds = new Set(
      (await call(server, "GET", "/api/tasks?limit=100", { as: as("Alice") })).body.items.map((t: { id: string }) => t.id),
    );
    expect(res.body.items.filter((t: { id: string }) => aliceIds.has(t.id))).toEqual([]);
  });
});

it("cannot plant a task on Alice by naming her in the body or the query", async () => {
  const body = await call(server, "POST", "/api/tasks", { as: as("Bob"), json: { title: "x", userId: users.Alice.id } });
  expect(body.status).toBe(422);
  const query = await call(server, "GET", `/api/tasks?userId=${users.Alice.id}`, { as: as("Bob") });
  expect(query.status).toBe(400);
});

it("cannot use Alice's cursor to see her tasks", async () => {
  for (let i = 0; i < 3; i++) await createTask(server, users.Alice, { title: `page ${i}` });
  const page = await call(server, "GET", "/api/tasks?limit=1", { as: as("Alice") });
  expect(page.body.nextCursor).toEqual(expect.any(String));
  const res = await call(server, "GET", `/api/tasks?cursor=${page.body.nextCursor}`, { as: as("Bob") });
  expect(res.status).toBe(200);
  const bobIds = new Set((await call(server, "GET", "/api/tasks?limit=100", { as: as("Bob") })).body.items.map((t: { id: string }) => t.id));
  for (const t of res.body.items) expect(bobIds.has(t.id)).toBe(true);
});
