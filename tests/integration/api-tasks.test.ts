import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { inboxId } from "../support/inbox";
import { problems } from "../support/problems";

const { server, users, as } = useAppServer({ users: ["Alice"] });

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("create and read", () => {
  it("creates with every field and answers 201, Location and the whole task", async () => {
    const res = await call(server, "POST", "/api/tasks", {
      as: as("Alice"),
      json: { title: "  Plan the offsite ", description: "Venue\nbudget", priority: "high", dueDate: "2026-12-01T17:30:00+01:00", completed: false },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      listId: await inboxId(server, users.Alice),
      title: "Plan the offsite",
      description: "Venue\nbudget",
      completed: false,
      priority: "high",
      dueDate: "2026-12-01T16:30:00.000Z",
      createdAt: expect.stringMatching(ISO),
      updatedAt: res.body.createdAt,
      createdBy: users.Alice.id,
      updatedBy: users.Alice.id,
      tags: [],
      commentCount: 0,
    });
    expect(res.headers.get("location")).toBe(`/api/tasks/${res.body.id}`);
    const read = await call(server, "GET", res.headers.get("location")!, { as: as("Alice") });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it("fills defaults for a title-only task", async () => {
    const task = await createTask(server, users.Alice, { title: "Just a title" });
    expect(task).toEqual({
      id: expect.stringMatching(UUID),
      listId: await inboxId(server, users.Alice),
      title: "Just a title",
      description: null,
      completed: false,
      priority: null,
      dueDate: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: task.createdAt,
      createdBy: users.Alice.id,
      updatedBy: users.Alice.id,
      tags: [],
      commentCount: 0,
    });
  });

  it("stores text verbatim: quotes, SQL, emoji, RTL", async () => {
    const title = `'; drop table tasks; -- "😀" \u202e مرحبا`;
    const task = await createTask(server, users.Alice, { title, description: "<script>alert(1)</script>" });
    expect(task.title).toBe(title);
    expect(task.description).toBe("<script>alert(1)</script>");
  });

  it.each(["not-a-uuid", "1", "' or 1=1 --", "00000000-0000-0000-0000-000000000000", "%00"])(
    "answers 404 for the id %j",
    async (id) => {
      const res = await call(server, "GET", `/api/tasks/${encodeURIComponent(id)}`, { as: as("Alice") });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(problems.notFound);
    },
  );
});

describe("change and delete", () => {
  it("PUT replaces every writable field; omitted ones go back to null/false", async () => {
    const task = await createTask(server, users.Alice, { title: "a", description: "d", priority: "low", dueDate: "2026-01-01", completed: true });
    const res = await call(server, "PUT", `/api/tasks/${task.id}`, { as: as("Alice"), json: { title: "b" } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...task,
      title: "b",
      description: null,
      priority: null,
      dueDate: null,
      completed: false,
      updatedAt: expect.stringMatching(ISO),
    });
    expect(res.body.updatedAt > task.updatedAt).toBe(true);
  });

  it("PUT without a title is a 422", async () => {
    const task = await createTask(server, users.Alice, { title: "a" });
    const res = await call(server, "PUT", `/api/tasks/${task.id}`, { as: as("Alice"), json: { description: "x" } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.validation([{ path: "title", message: "Invalid input: expected string, received undefined" }]));
  });

  it("PATCH changes only the fields given, and null clears one", async () => {
    const task = await createTask(server, users.Alice, { title: "a", description: "d", priority: "low" });
    const res = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { priority: "medium", description: null } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...task, priority: "medium", description: null, updatedAt: expect.stringMatching(ISO) });
  });

  it("moves updatedAt forward on every change and never createdAt", async () => {
    const task = await createTask(server, users.Alice, { title: "clock" });
    let previous = task.updatedAt as string;
    for (const json of [{ title: "1" }, { title: "2" }, { completed: true }, { completed: false }]) {
      const res = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json });
      expect(res.body.createdAt).toBe(task.createdAt);
      expect(res.body.updatedAt > previous).toBe(true);
      previous = res.body.updatedAt;
    }
  });

  it("complete: sets with a body, toggles without one", async () => {
    const task = await createTask(server, users.Alice, { title: "toggle" });
    const path = `/api/tasks/${task.id}/complete`;
    const set = await call(server, "PATCH", path, { as: as("Alice"), json: { completed: true } });
    expect(set.body).toEqual({ ...task, completed: true, updatedAt: expect.stringMatching(ISO) });
    const again = await call(server, "PATCH", path, { as: as("Alice"), json: { completed: true } });
    expect(again.body.completed).toBe(true);
    const toggled = await call(server, "PATCH", path, { as: as("Alice") });
    expect(toggled.status).toBe(200);
    expect(toggled.body.completed).toBe(false);
    const back = await call(server, "PATCH", path, { as: as("Alice") });
    expect(back.body.completed).toBe(true);
  });

  it("complete: refuses a body that is not { completed: boolean }", async () => {
    const task = await createTask(server, users.Alice, { title: "strict" });
    const res = await call(server, "PATCH", `/api/tasks/${task.id}/complete`, { as: as("Alice"), json: { completed: "yes" } });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.validation([{ path: "completed", message: "Must be true or false." }]));
  });

  it("DELETE answers 204, then 404 everywhere", async () => {
    const task = await createTask(server, users.Alice, { title: "bye" });
    const del = await call(server, "DELETE", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    for (const [method, path] of [
      ["GET", `/api/tasks/${task.id}`],
      ["DELETE", `/api/tasks/${task.id}`],
      ["PATCH", `/api/tasks/${task.id}/complete`],
    ] as const) {
      const res = await call(server, method, path, { as: as("Alice") });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(problems.notFound);
    }
  });

  it("answers 405 for a method the route does not have", async () => {
    const res = await call(server, "PUT", "/api/tasks", { as: as("Alice") });
    expect(res.status).toBe(405);
  });
});

describe("bad bodies", () => {
  const long = (n: number, ch = "a") => ch.repeat(n);
  const cases: [string, unknown, { path: string; message: string }[]][] = [
    ["an empty title", { title: "" }, [{ path: "title", message: "Must not be empty." }]],
    ["a blank title", { title: "   " }, [{ path: "title", message: "Must not be empty." }]],
    ["a title that shows nothing", { title: "\u200b\u2060\ufeff\u3000" }, [{ path: "title", message: "Must not be empty." }]],
    ["a 201-character title", { title: long(201) }, [{ path: "title", message: "At most 200 characters." }]],
    ["201 emoji", { title: long(201, "😀") }, [{ path: "title", message: "At most 200 characters." }]],
    ["a NUL in the title", { title: "a\u0000b" }, [{ path: "title", message: "Must not contain control characters." }]],
    ["a lone surrogate", { title: "a\ud800b" }, [{ path: "title", message: "Must be valid Unicode text." }]],
    ["a 1001-character description", { title: "t", description: long(1001) }, [{ path: "description", message: "At most 1000 characters." }]],
    ["an unknown priority", { title: "t", priority: "urgent" }, [{ path: "priority", message: "Must be one of low, medium, high, or null." }]],
    ["a due date without a zone", { title: "t", dueDate: "2026-05-01T10:00:00" }, [{ path: "dueDate", message: "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01)." }]],
    ["completed as a string", { title: "t", completed: "true" }, [{ path: "completed", message: "Must be true or false." }]],
    ["a userId", { title: "t", userId: "someone" }, [{ path: "userId", message: "Unknown or read-only field." }]],
    ["server-owned fields", { title: "t", id: "x", user_id: "y", createdAt: "z", updatedAt: "w" }, [
      { path: "id", message: "Unknown or read-only field." },
      { path: "user_id", message: "Unknown or read-only field." },
      { path: "createdAt", message: "Unknown or read-only field." },
      { path: "updatedAt", message: "Unknown or read-only field." },
    ]],
    ["an array", [], [{ path: "", message: "Invalid input: expected object, received array" }]],
  ];

  it.each(cases)("refuses %s with 422 naming the field", async (_name, json, errors) => {
    const res = await call(server, "POST", "/api/tasks", { as: as("Alice"), json });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toEqual(problems.validation(errors));
  });

  it("takes exactly 200 emoji and 1000 characters of description", async () => {
    const task = await createTask(server, users.Alice, { title: long(200, "😀"), description: long(1000) });
    expect([...task.title]).toHaveLength(200);
  });

  it("refuses __proto__ in a body", async () => {
    const res = await call(server, "POST", "/api/tasks", {
      as: as("Alice"),
      headers: { "content-type": "application/json" },
      body: '{"title":"t","__proto__":{"admin":true}}',
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.validation([{ path: "__proto__", message: "Unknown or read-only field." }]));
  });

  it.each([
    ["text/plain", "text/plain", '{"title":"t"}', problems.unsupportedMediaType],
    ["no content type", "", '{"title":"t"}', problems.unsupportedMediaType],
    ["malformed JSON", "application/json", '{"title":', problems.invalidJson.malformed],
    ["an empty body", "application/json", "", problems.invalidJson.empty],
  ])("answers %s with the right problem", async (_name, type, body, problem) => {
    const res = await call(server, "POST", "/api/tasks", { as: as("Alice"), headers: { "content-type": type }, body });
    expect(res.status).toBe(problem.status);
    expect(res.body).toEqual(problem);
  });

  it("refuses bodies over 16 KiB with 413, with or without Content-Length", async () => {
    const big = JSON.stringify({ title: "t", description: "x".repeat(17_000) });
    const expected = problems.payloadTooLarge;
    const sized = await call(server, "POST", "/api/tasks", { as: as("Alice"), headers: { "content-type": "application/json" }, body: big });
    expect(sized.status).toBe(413);
    expect(sized.body).toEqual(expected);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/api/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${users.Alice.jwt}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(expected);
  });

  it("writes nothing when a request is refused", async () => {
    const before = await call(server, "GET", "/api/tasks?limit=100", { as: as("Alice") });
    await call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title: "x".repeat(201) } });
    await call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title: "t", userId: "x" } });
    const after = await call(server, "GET", "/api/tasks?limit=100", { as: as("Alice") });
    expect(after.body).toEqual(before.body);
  });
});

describe("list query", () => {
  it.each([
    ["status=done", [{ path: "status", message: "Must be all, pending or completed." }]],
    ["limit=0", [{ path: "limit", message: "Must be from 1 to 100." }]],
    ["limit=101", [{ path: "limit", message: "Must be from 1 to 100." }]],
    ["limit=ten", [{ path: "limit", message: "Must be a whole number from 1 to 100." }]],
    ["limit=-1", [{ path: "limit", message: "Must be a whole number from 1 to 100." }]],
    ["userId=x", [{ path: "userId", message: "Unknown or read-only field." }]],
    ["cursor=bogus", [{ path: "cursor", message: "Invalid cursor." }], "The cursor is not one this API returned for this sort and these filters."],
  ])("refuses ?%s with 400", async (query, errors, detail?: string) => {
    const res = await call(server, "GET", `/api/tasks?${query}`, { as: as("Alice") });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(problems.invalidQuery(errors, detail));
  });

  it("refuses a repeated parameter", async () => {
    const res = await call(server, "GET", "/api/tasks?status=all&status=pending", { as: as("Alice") });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(problems.invalidQuery([{ path: "status", message: "Given more than once." }], "The parameter status is given more than once."));
  });
});
