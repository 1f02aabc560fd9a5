import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";

// Injection: SQL metacharacters, quotes and Unicode tricks in titles, search terms,
// cursors and ids are stored and returned verbatim or refused, never interpreted.

let server: AppServer;
let alice: TestUser;
let bob: TestUser;
const asAlice = () => ({ user: alice, via: "jwt" as const });

beforeAll(async () => {
  server = await startAppServer();
  [alice, bob] = await Promise.all([signUp(server, "Alice"), signUp(server, "Bob")]);
  await createTask(server, bob, { title: "Bob's secret", description: "never for Alice" });
});
afterAll(() => server?.stop());

const PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE tasks; --",
  "\" OR \"\"=\"",
  "1; SELECT pg_sleep(5)--",
  "' UNION SELECT id, user_id, title, description FROM tasks --",
  "%' OR 1=1 --",
  "\\'; --",
  "$1 $2 ${x} #{x} {{x}}",
  "<script>alert(1)</script>",
  "' AND extractvalue(1, concat(0x7e, version())) --",
  "‮gnp.exe", // right-to-left override
  "ｓｅｌｅｃｔ", // full-width letters
  "a\u200bb", // zero-width space
  "😀'🙂\"",
];

describe.each(PAYLOADS)("the payload %j", (payload) => {
  it("is stored and returned verbatim as a title and a description", async () => {
    const task = await createTask(server, alice, { title: payload, description: payload });
    expect([task.title, task.description]).toEqual([payload.trim(), payload]);
    const read = await call(server, "GET", `/api/tasks/${task.id}`, { as: asAlice() });
    expect(read.body).toEqual(task);
  });

  it("finds nothing of Bob's as a search term, and never errors", async () => {
    const started = Date.now();
    const res = await call(server, "GET", `/api/tasks?q=${encodeURIComponent(payload)}&limit=100`, { as: asAlice() });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain("Bob's secret");
    expect(Date.now() - started).toBeLessThan(4_000); // pg_sleep was not run
  });

  it("is a 404 as an id and a 400 as a cursor or sync token", async () => {
    const id = await call(server, "GET", `/api/tasks/${encodeURIComponent(payload)}`, { as: asAlice() });
    expect([404, 400]).toContain(id.status); // 400 only where the URL itself is refused
    const cursor = await call(server, "GET", `/api/tasks?cursor=${encodeURIComponent(payload)}`, { as: asAlice() });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors).toEqual([{ path: "cursor", message: "Invalid cursor." }]);
    const since = await call(server, "GET", `/api/tasks/changes?since=${encodeURIComponent(payload)}`, { as: asAlice() });
    expect(since.status).toBe(400);
  });
});

it("left the tables where they were", async () => {
  const res = await call(server, "GET", "/api/tasks?limit=100", { as: { user: bob, via: "jwt" } });
  expect(res.body.items.map((t: { title: string }) => t.title)).toEqual(["Bob's secret"]);
});
