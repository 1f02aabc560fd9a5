import { describe, expect, it } from "vitest";
import { call, signUp } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { problems } from "../support/problems";

const { server, as } = useAppServer({ users: ["Alice"] });

const STRONG_ETAG = /^"\d+"$/;

async function fresh(title = "etag me") {
  const res = await call(server, "POST", "/api/tasks", { as: as("Alice"), json: { title } });
  return { task: res.body, etag: res.headers.get("etag")! };
}

describe("ETags", () => {
  it("come with every task response and change with every write", async () => {
    const { task, etag } = await fresh();
    expect(etag).toMatch(STRONG_ETAG);
    const read = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(read.headers.get("etag")).toBe(etag);
    const patched = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { title: "x" } });
    expect(patched.headers.get("etag")).toMatch(STRONG_ETAG);
    expect(patched.headers.get("etag")).not.toBe(etag);
    const toggled = await call(server, "PATCH", `/api/tasks/${task.id}/complete`, { as: as("Alice") });
    expect(toggled.headers.get("etag")).not.toBe(patched.headers.get("etag"));
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const { task, etag } = await fresh();
    for (const header of [etag, `"0", ${etag}`, "*", `W/${etag}`]) {
      const res = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice"), headers: { "if-none-match": header } });
      expect(res.status).toBe(304);
      expect(res.text).toBe("");
      expect(res.headers.get("etag")).toBe(etag);
    }
    for (const header of ['"0"', "garbage"]) {
      const res = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice"), headers: { "if-none-match": header } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(task);
    }
  });
});

describe("If-Match", () => {
  const writes: [string, string, (id: string) => string, unknown][] = [
    ["PUT", "PUT", (id) => `/api/tasks/${id}`, { title: "put" }],
    ["PATCH", "PATCH", (id) => `/api/tasks/${id}`, { title: "patch" }],
    ["complete", "PATCH", (id) => `/api/tasks/${id}/complete`, { completed: true }],
    ["DELETE", "DELETE", (id) => `/api/tasks/${id}`, undefined],
  ];

  it.each(writes)("%s succeeds with the current ETag", async (_name, method, path, json) => {
    const { task, etag } = await fresh();
    const res = await call(server, method, path(task.id), { as: as("Alice"), json, headers: { "if-match": etag } });
    expect(res.status).toBe(method === "DELETE" ? 204 : 200);
  });

  it.each(writes)("%s with a stale ETag is 412 with the current one, and changes nothing", async (_name, method, path, json) => {
    const { task, etag } = await fresh();
    const moved = await call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { description: "moved on" } });
    const current = moved.headers.get("etag")!;
    for (const stale of [etag, `W/${current}`, '"999999999"']) {
      const res = await call(server, method, path(task.id), { as: as("Alice"), json, headers: { "if-match": stale } });
      expect(res.status).toBe(412);
      expect(res.headers.get("etag")).toBe(current);
      expect(res.body).toEqual(problems.preconditionFailed);
    }
    const after = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(after.body).toEqual(moved.body);
  });

  it("is 404, not 412, for a task that is not there", async () => {
    const res = await call(server, "PATCH", "/api/tasks/0190f3a0-0000-7000-8000-000000000000", {
      as: as("Alice"),
      json: { title: "x" },
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(404);
  });

  it("lets exactly one of many racing writers with the same ETag win", async () => {
    const { task, etag } = await fresh("race");
    const racers = Array.from({ length: 8 }, (_, i) =>
      call(server, "PATCH", `/api/tasks/${task.id}`, { as: as("Alice"), json: { title: `writer ${i}` }, headers: { "if-match": etag } }),
    );
    const results = await Promise.all(racers);
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(7);
    const after = await call(server, "GET", `/api/tasks/${task.id}`, { as: as("Alice") });
    expect(after.body).toEqual(winners[0]!.body);
  });
});

describe("Idempotency-Key", () => {
  const post = (key: string, json: unknown) =>
    call(server, "POST", "/api/tasks", { as: as("Alice"), json, headers: { "idempotency-key": key } });

  async function count() {
    return (await call(server, "GET", "/api/tasks?limit=100", { as: as("Alice") })).body.items.length as number;
  }

  it("replays the first response to a retry and creates nothing", async () => {
    const key = `key-${Math.random()}`;
    const before = await count();
    const first = await post(key, { title: "once", priority: "low" });
    const retry = await post(key, { title: "once", priority: "low" });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("location")).toBe(first.headers.get("location"));
    expect(retry.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(await count()).toBe(before + 1);
  });

  it("refuses the same key with another body (422) and creates nothing", async () => {
    const key = `key-${Math.random()}`;
    await post(key, { title: "one" });
    const before = await count();
    const res = await post(key, { title: "two" });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(problems.idempotencyKeyReused);
    expect(await count()).toBe(before);
  });

  it("creates one task when concurrent requests share a key", async () => {
    const key = `key-${Math.random()}`;
    const before = await count();
    const results = await Promise.all(Array.from({ length: 6 }, () => post(key, { title: "concurrent" })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });

  it("keeps keys per user", async () => {
    const bob = await signUp(server, "Bob");
    const key = `shared-${Math.random()}`;
    const mine = await post(key, { title: "same" });
    const his = await call(server, "POST", "/api/tasks", { as: { user: bob, via: "jwt" }, json: { title: "same" }, headers: { "idempotency-key": key } });
    expect(his.status).toBe(201);
    expect(his.body.id).not.toBe(mine.body.id);
  });

  // (HTTP trims header values, and fetch refuses control characters: these are what remains.)
  it.each(["é", "x".repeat(256)])("refuses the key %j with 400", async (key) => {
    const res = await post(key, { title: "t" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(problems.invalidIdempotencyKey);
  });
});
