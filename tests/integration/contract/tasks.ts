import { describe, expect, it } from "vitest";
import { call, createTask, signUp, type CallOptions } from "../../support/api-client";
import { untilOpenWritesEnd } from "../../support/open-writes";
import { problems } from "../../support/problems";
import { onMainServer, type ContractContext } from "./context";

// The task routes on the main server: successes, and the refusals particular to each
// (bad queries and fields, preconditions, misses, idempotency). The refusals they all
// share are in refusals.ts.

export function describeTaskRoutes(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  const task = () => createTask(main.server, main.alice, { title: "Contract", description: "d", priority: "low", dueDate: "2026-12-01" });
  const json = (body: string) => ({ headers: { "content-type": "application/json" }, body });

  describe("the task collection", () => {
    it.each<[string, number, string, () => CallOptions]>([
      ["a page", 200, "/api/tasks", () => asAlice()],
      ["a filtered page", 200, "/api/tasks?status=pending&limit=5", () => asAlice()],
      ["a bad limit", 400, "/api/tasks?limit=0", () => asAlice()],
      ["an unknown parameter", 400, "/api/tasks?page=2", () => asAlice()],
      ["no credentials", 401, "/api/tasks", () => ({})],
      ["the session cookie", 200, "/api/tasks", () => asAlice("cookie")],
      ["a list that is not the caller's", 404, `/api/tasks?listId=${crypto.randomUUID()}`, () => asAlice()],
    ])("GET /api/tasks: %s", async (_name, status, path, options) => {
      await check(status, "GET", "/api/tasks", path, options());
    });

    it.each<[string, number, () => CallOptions]>([
      ["every field", 201, () => ({ ...asAlice(), json: { title: "t", description: "d", priority: "high", dueDate: "2026-05-01T19:00:00+02:00", completed: true } })],
      ["an Idempotency-Key", 201, () => ({ ...asAlice(), json: { title: "t" }, headers: { "idempotency-key": `key-${Math.random()}` } })],
      ["malformed JSON", 400, () => ({ ...asAlice(), ...json('{"title":') })],
      ["an Idempotency-Key too long", 400, () => ({ ...asAlice(), json: { title: "t" }, headers: { "idempotency-key": "k".repeat(256) } })],
      ["no credentials", 401, () => ({ json: { title: "t" } })],
      ["a list that is not one of the caller's", 404, () => ({ ...asAlice(), json: { title: "t", listId: crypto.randomUUID() } })],
      ["a cookie from another origin", 403, () => ({ ...asAlice("cookie"), json: { title: "t" }, headers: { origin: "https://evil.example" } })],
      ["a body over 16 KiB", 413, () => ({ ...asAlice(), json: { title: "t", description: "x".repeat(17_000) } })],
      ["text/plain", 415, () => ({ ...asAlice(), headers: { "content-type": "text/plain" }, body: '{"title":"t"}' })],
      ["an empty title and a read-only field", 422, () => ({ ...asAlice(), json: { title: "", userId: "u" } })],
    ])("POST /api/tasks: %s", async (_name, status, options) => {
      await check(status, "POST", "/api/tasks", "/api/tasks", options());
    });

    it("POST /api/tasks: an Idempotency-Key reused with another body", async () => {
      const headers = { "idempotency-key": `reused-${Math.random()}` };
      const first = await check(201, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "one" }, headers });
      const replay = await check(201, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "one" }, headers });
      expect(replay.body).toEqual(first.body);
      await check(422, "POST", "/api/tasks", "/api/tasks", { ...asAlice(), json: { title: "two" }, headers });
    });

    it("DELETE /api/tasks?status=completed: clears, and refuses without the status", async () => {
      await createTask(main.server, main.alice, { title: "done", completed: true });
      const res = await check(200, "DELETE", "/api/tasks", "/api/tasks?status=completed", asAlice());
      expect(res.body.deleted).toBeGreaterThanOrEqual(1);
      await check(400, "DELETE", "/api/tasks", "/api/tasks", asAlice());
      await check(404, "DELETE", "/api/tasks", `/api/tasks?status=completed&listId=${crypto.randomUUID()}`, asAlice());
    });
  });

  describe("one task", () => {
    it("GET: 200 with an ETag, 304 for that ETag, 404 for no such task", async () => {
      const { id } = await task();
      const res = await check(200, "GET", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
      await check(304, "GET", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), headers: { "if-none-match": res.headers.get("etag")! } });
      await check(404, "GET", "/api/tasks/{id}", "/api/tasks/00000000-0000-7000-8000-000000000000", asAlice());
    });

    it("PUT: 200, 412 for a stale If-Match, 422 for a bad body, 404", async () => {
      const { id } = await task();
      await check(200, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { title: "replaced" } });
      await check(412, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { title: "x" }, headers: { "if-match": '"1"' } });
      await check(422, "PUT", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { description: "no title" } });
      await check(404, "PUT", "/api/tasks/{id}", "/api/tasks/not-a-task", { ...asAlice(), json: { title: "x" } });
    });

    it("PATCH: 200 with the current If-Match, 412 for a stale one, 422 for an empty patch, 404", async () => {
      const { id } = await task();
      const current = await call(main.server, "GET", `/api/tasks/${id}`, asAlice());
      const headers = { "if-match": current.headers.get("etag")! };
      await check(200, "PATCH", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { priority: null }, headers });
      await check(412, "PATCH", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: { title: "x" }, headers });
      await check(422, "PATCH", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), json: {} });
      await check(404, "PATCH", "/api/tasks/{id}", "/api/tasks/not-a-task", { ...asAlice(), json: { title: "x" } });
    });

    it("PATCH complete: with a body, without one (toggle), 412, 422, 404", async () => {
      const { id } = await task();
      const path = `/api/tasks/${id}/complete`;
      await check(200, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), json: { completed: true } });
      await check(200, "PATCH", "/api/tasks/{id}/complete", path, asAlice());
      await check(412, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), headers: { "if-match": '"1"' } });
      await check(422, "PATCH", "/api/tasks/{id}/complete", path, { ...asAlice(), json: { completed: "yes" } });
      await check(404, "PATCH", "/api/tasks/{id}/complete", "/api/tasks/not-a-task/complete", asAlice());
    });

    it("DELETE: 412 for a stale If-Match, 204, then 404", async () => {
      const { id } = await task();
      await check(412, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, { ...asAlice(), headers: { "if-match": '"1"' } });
      await check(204, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
      await check(404, "DELETE", "/api/tasks/{id}", `/api/tasks/${id}`, asAlice());
    });
  });

  describe("sync and batch", () => {
    it("GET /api/tasks/changes: a first sync, a later one, a bad token", async () => {
      const first = await check(200, "GET", "/api/tasks/changes", "/api/tasks/changes", asAlice());
      const { id } = await task();
      await call(main.server, "DELETE", `/api/tasks/${id}`, asAlice());
      const later = await check(200, "GET", "/api/tasks/changes", `/api/tasks/changes?since=${first.body.next}&limit=10`, asAlice());
      expect(later.body.deleted).toContain(id);
      await check(400, "GET", "/api/tasks/changes", "/api/tasks/changes?since=bogus", asAlice());
    });

    // SYNC_TOMBSTONES_PER_USER at its default (2,000): 2,100 deletions compact the oldest.
    it("GET /api/tasks/changes: a token older than the tombstones kept", { timeout: 120_000 }, async () => {
      const zoe = { as: { user: await signUp(main.server, "Zoe"), via: "jwt" as const } };
      const { body: first } = await call(main.server, "GET", "/api/tasks/changes", zoe);
      const operations = Array.from({ length: 100 }, () => ({ op: "create", body: { title: "done", completed: true } }));
      for (let i = 0; i < 21; i++) expect((await call(main.server, "POST", "/api/tasks/batch", { ...zoe, json: { operations } })).status).toBe(200);
      expect((await call(main.server, "DELETE", "/api/tasks?status=completed", zoe)).body).toEqual({ deleted: 2100 });
      const expired = await check(410, "GET", "/api/tasks/changes", `/api/tasks/changes?since=${first.next}`, zoe);
      expect(expired.body).toEqual(problems.syncTokenExpired);
      // The clear compacted its own tombstones: a token from a snapshot whose xmin is at or
      // below the clear (another file's write still open) would be expired too.
      await untilOpenWritesEnd();
      const again = await check(200, "GET", "/api/tasks/changes", "/api/tasks/changes", zoe);
      expect(again.body).toEqual({ tasks: [], deleted: [], next: again.body.next, hasMore: false });
      expect((await call(main.server, "GET", `/api/tasks/changes?since=${again.body.next}`, zoe)).status).toBe(200);
    });

    it("POST /api/tasks/batch: every kind of operation, then the failures that name one", async () => {
      const a = await task();
      const b = await task();
      const operations = [
        { op: "create", body: { title: "new" } },
        { op: "update", id: a.id, body: { title: "a2" } },
        { op: "complete", id: a.id },
        { op: "delete", id: b.id },
      ];
      await check(200, "POST", "/api/tasks/batch", "/api/tasks/batch", { ...asAlice(), json: { operations } });
      const missing = await check(404, "POST", "/api/tasks/batch", "/api/tasks/batch", {
        ...asAlice(),
        json: { operations: [{ op: "create", body: { title: "x" } }, { op: "delete", id: b.id }] },
      });
      expect(missing.body.detail).toMatch(/^Operation 1: /);
      const invalid = await check(422, "POST", "/api/tasks/batch", "/api/tasks/batch", {
        ...asAlice(),
        json: { operations: [{ op: "create", body: { title: "" } }] },
      });
      expect(invalid.body.errors).toEqual([{ path: "operations.0.body.title", message: "Must not be empty." }]);
    });
  });
}
