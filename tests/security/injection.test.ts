import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { PAYLOADS } from "../support/injection-payloads";

// Injection: SQL metacharacters, quotes and Unicode tricks in titles, search terms,
// cursors and ids are stored and returned verbatim or refused, never interpreted (issue
// 12's tags, comments and attachments: injection-collab.test.ts).

const { server, users, as } = useAppServer({ users: ["Alice", "Bob"] });

beforeAll(async () => {
  await createTask(server, users.Bob, { title: "Bob's secret", description: "never for Alice" });
});

describe.each(PAYLOADS)("the payload %j", (payload) => {
  it("is stored and returned verbatim as a title and a description", async () => {
    const task = await createTask(server, users.Alice, { title: payload, description: payload });
    expect([task.title, task.description]).toEqual([payload.trim(), payload]);
    const read = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(read.body).toEqual(task);
  });

  it("finds nothing of Bob's as a search term, and never errors", async () => {
    const started = Date.now();
    const res = await call(server, "GET", `/api/tasks?q=${encodeURIComponent(payload)}&limit=100`, { as: as("Alice") });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain("Bob's secret");
    expect(Date.now() - started).toBeLessThan(4_000); // pg_sleep was not run
  });

  it("is a 404 as an id and a 400 as a cursor or sync token", async () => {
    const id = await call(server, "GET", `/api/tasks/${encodeURIComponent(payload)}`, { as: as("Alice") });
    expect([404, 400]).toContain(id.status); // 400 only where the URL itself is refused
    const cursor = await call(server, "GET", `/api/tasks?cursor=${encodeURIComponent(payload)}`, { as: as("Alice") });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors).toEqual([{ path: "cursor", message: "Invalid cursor." }]);
    const since = await call(server, "GET", `/api/tasks/changes?since=${encodeURIComponent(payload)}`, { as: as("Alice") });
    expect(since.status).toBe(400);
  });
});

it("left the tables where they were", async () => {
  const res = await call(server, "GET", "/api/tasks?limit=100", { as: as("Bob") });
  expect(res.body.items.map((t: { title: string }) => t.title)).toEqual(["Bob's secret"]);
});
