import { beforeAll, describe, it } from "vitest";
import { signUp, type TestUser } from "../../support/api-client";
import { createList, share } from "../../support/sharing";
import { asUser, NO_SUCH_LIST, onMainServer, type ContractContext } from "./context";

// A list's tags on the main server: successes, and the refusals particular to each (a
// stranger's 404, a viewer's 403, a taken name's 409, bad fields). The refusals every
// operation shares are in refusals.ts.

export function describeTagRoutes(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  let bob: TestUser;
  const asBob = () => asUser(bob);
  beforeAll(async () => {
    bob = await signUp(main.server, "Bob");
  });

  describe("tags", () => {
    it("GET and POST /api/lists/{id}/tags: 200, 201, 403, 404, 409, 422", async () => {
      const { id } = await createList(main.server, main.alice, { name: "Tagged" });
      const path = `/api/lists/${id}/tags`;
      const template = "/api/lists/{id}/tags";
      await check(201, "POST", template, path, { ...asAlice(), json: { name: "home", color: "green" } });
      await check(200, "GET", template, path, asAlice());
      await check(404, "GET", template, path, asBob());
      await check(404, "POST", template, path, { ...asBob(), json: { name: "x" } });
      await check(409, "POST", template, path, { ...asAlice(), json: { name: "HOME" } });
      await check(422, "POST", template, path, { ...asAlice(), json: { name: "x", color: "mauve" } });
      await share(main.server, main.alice, id, bob, "viewer");
      await check(403, "POST", template, path, { ...asBob(), json: { name: "x" } });
    });

    it("PATCH and DELETE /api/lists/{id}/tags/{tagId}: 200, 204, 403, 404, 409, 422", async () => {
      const { id } = await createList(main.server, main.alice, { name: "Tagged again" });
      const made = await check(201, "POST", "/api/lists/{id}/tags", `/api/lists/${id}/tags`, { ...asAlice(), json: { name: "a" } });
      await check(201, "POST", "/api/lists/{id}/tags", `/api/lists/${id}/tags`, { ...asAlice(), json: { name: "b" } });
      const template = "/api/lists/{id}/tags/{tagId}";
      const path = `/api/lists/${id}/tags/${made.body.id}`;
      await check(200, "PATCH", template, path, { ...asAlice(), json: { name: "A", color: "red" } });
      await check(409, "PATCH", template, path, { ...asAlice(), json: { name: "B" } });
      await check(422, "PATCH", template, path, { ...asAlice(), json: {} });
      await check(404, "PATCH", template, `/api/lists/${id}/tags/${NO_SUCH_LIST}`, { ...asAlice(), json: { name: "c" } });
      await share(main.server, main.alice, id, bob, "viewer");
      await check(403, "PATCH", template, path, { ...asBob(), json: { name: "c" } });
      await check(403, "DELETE", template, path, asBob());
      await check(204, "DELETE", template, path, asAlice());
      await check(404, "DELETE", template, path, asAlice());
    });
  });
}
