import { beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type TestUser } from "../../support/api-client";
import { createList, share } from "../../support/sharing";
import { asUser, NO_SUCH_LIST, NO_SUCH_TASK, onMainServer, type ContractContext } from "./context";

// Comments, history and activity on the main server: successes, and the refusals
// particular to each (misses, roles, the comment cap's neighbour: bad fields, bad
// queries). The refusals every operation shares are in refusals.ts.

export function describeHistoryRoutes(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  let bob: TestUser;
  const asBob = () => asUser(bob);
  beforeAll(async () => {
    bob = await signUp(main.server, "Bob");
  });
  /** A list of Alice's where Bob is a viewer, with a task of hers. */
  async function setting() {
    const list = await createList(main.server, main.alice, { name: "Contract history" });
    await share(main.server, main.alice, list.id, bob, "viewer");
    const task = await createTask(main.server, main.alice, { title: "Discussed", listId: list.id });
    return { list, task };
  }

  describe("comments", () => {
    it("GET /api/tasks/{id}/comments: 200, 400, 404", async () => {
      const { task } = await setting();
      const path = `/api/tasks/${task.id}/comments`;
      await call(main.server, "POST", path, { ...asAlice(), json: { body: "first" } });
      await check(200, "GET", "/api/tasks/{id}/comments", path, asBob());
      await check(400, "GET", "/api/tasks/{id}/comments", `${path}?limit=0`, asAlice());
      await check(404, "GET", "/api/tasks/{id}/comments", `/api/tasks/${NO_SUCH_TASK}/comments`, asAlice());
    });

    it("POST /api/tasks/{id}/comments: 201, 403, 404, 422", async () => {
      const { task } = await setting();
      const path = `/api/tasks/${task.id}/comments`;
      await check(201, "POST", "/api/tasks/{id}/comments", path, { ...asAlice(), json: { body: "Hello\nthere" } });
      await check(403, "POST", "/api/tasks/{id}/comments", path, { ...asBob(), json: { body: "me?" } });
      await check(404, "POST", "/api/tasks/{id}/comments", `/api/tasks/${NO_SUCH_TASK}/comments`, { ...asAlice(), json: { body: "x" } });
      await check(422, "POST", "/api/tasks/{id}/comments", path, { ...asAlice(), json: { body: "" } });
    });

    it("PATCH /api/tasks/{id}/comments/{commentId}: 200, 403, 404, 422", async () => {
      const { task } = await setting();
      const made = await call(main.server, "POST", `/api/tasks/${task.id}/comments`, { ...asAlice(), json: { body: "draft" } });
      const template = "/api/tasks/{id}/comments/{commentId}";
      const path = `/api/tasks/${task.id}/comments/${made.body.id}`;
      await check(200, "PATCH", template, path, { ...asAlice(), json: { body: "final" } });
      await check(403, "PATCH", template, path, { ...asBob(), json: { body: "mine now" } });
      await check(404, "PATCH", template, `/api/tasks/${task.id}/comments/${NO_SUCH_TASK}`, { ...asAlice(), json: { body: "x" } });
      await check(422, "PATCH", template, path, { ...asAlice(), json: { body: "a\u0000b" } });
    });

    it("DELETE /api/tasks/{id}/comments/{commentId}: 403, 404, 204", async () => {
      const { task } = await setting();
      const made = await call(main.server, "POST", `/api/tasks/${task.id}/comments`, { ...asAlice(), json: { body: "gone soon" } });
      const template = "/api/tasks/{id}/comments/{commentId}";
      const path = `/api/tasks/${task.id}/comments/${made.body.id}`;
      await check(403, "DELETE", template, path, asBob());
      await check(404, "DELETE", template, `/api/tasks/${task.id}/comments/${NO_SUCH_TASK}`, asAlice());
      await check(204, "DELETE", template, path, asAlice());
    });
  });

  describe("history and activity", () => {
    it("GET /api/tasks/{id}/history: 200, 400, 404", async () => {
      const { task } = await setting();
      // Every kind of entry a task's history holds, so each one's `changes` meets the schema.
      await call(main.server, "PATCH", `/api/tasks/${task.id}`, { ...asAlice(), json: { title: "Changed", dueDate: "2026-05-01" } });
      await call(main.server, "PATCH", `/api/tasks/${task.id}`, { ...asAlice(), json: { tags: ["home", "errands"] } });
      await call(main.server, "PATCH", `/api/tasks/${task.id}/complete`, asAlice());
      await call(main.server, "PATCH", `/api/tasks/${task.id}/complete`, asAlice());
      await call(main.server, "POST", `/api/tasks/${task.id}/comments`, { ...asAlice(), json: { body: "noted" } });
      const history = await check(200, "GET", "/api/tasks/{id}/history", `/api/tasks/${task.id}/history`, asBob());
      const actions = history.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(["commented", "reopened", "completed", "tagged", "updated", "created"]);
      await check(400, "GET", "/api/tasks/{id}/history", `/api/tasks/${task.id}/history?cursor=nope`, asAlice());
      await check(404, "GET", "/api/tasks/{id}/history", `/api/tasks/${NO_SUCH_TASK}/history`, asAlice());
    });

    it("GET /api/lists/{id}/activity: 200, 400, 403, 404", async () => {
      const { list, task } = await setting();
      await call(main.server, "PATCH", `/api/tasks/${task.id}`, { ...asAlice(), json: { tags: ["home"] } });
      await call(main.server, "DELETE", `/api/tasks/${task.id}`, asAlice());
      await check(200, "GET", "/api/lists/{id}/activity", `/api/lists/${list.id}/activity`, asAlice());
      await check(400, "GET", "/api/lists/{id}/activity", `/api/lists/${list.id}/activity?limit=x`, asAlice());
      await check(403, "GET", "/api/lists/{id}/activity", `/api/lists/${list.id}/activity`, asBob());
      await check(404, "GET", "/api/lists/{id}/activity", `/api/lists/${NO_SUCH_LIST}/activity`, asAlice());
    });
  });
}
