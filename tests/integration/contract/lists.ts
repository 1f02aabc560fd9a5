import { beforeAll, describe, it } from "vitest";
import { call, signUp, type TestUser } from "../../support/api-client";
import { createList, inboxOf, invite, share } from "../../support/sharing";
import { asUser, NO_SUCH_LIST, onMainServer, type ContractContext } from "./context";

// The list and invitation routes on the main server: successes, and the refusals
// particular to each (misses, roles, the Inbox, preconditions, bad fields). The refusals
// every operation shares are in refusals.ts.

export function describeListRoutes(ctx: ContractContext) {
  const main = onMainServer(ctx);
  const { check, asAlice } = main;
  let bob: TestUser;
  const asBob = () => asUser(bob);
  beforeAll(async () => {
    bob = await signUp(main.server, "Bob");
  });
  const list = (name = "Contract list") => createList(main.server, main.alice, { name });

  describe("lists", () => {
    it("GET /api/lists: 200, 400", async () => {
      await check(200, "GET", "/api/lists", "/api/lists?limit=5", asAlice());
      await check(400, "GET", "/api/lists", "/api/lists?limit=0", asAlice());
    });

    it("POST /api/lists: 201, 422", async () => {
      await check(201, "POST", "/api/lists", "/api/lists", { ...asAlice(), json: { name: "New", color: "#ABCDEF" } });
      await check(422, "POST", "/api/lists", "/api/lists", { ...asAlice(), json: { name: "" } });
    });

    it("GET /api/lists/{id}: 200, 304, 404", async () => {
      const { id } = await list();
      const res = await check(200, "GET", "/api/lists/{id}", `/api/lists/${id}`, asAlice());
      await check(304, "GET", "/api/lists/{id}", `/api/lists/${id}`, { ...asAlice(), headers: { "if-none-match": res.headers.get("etag")! } });
      await check(404, "GET", "/api/lists/{id}", `/api/lists/${id}`, asBob());
    });

    it("PATCH /api/lists/{id}: 200, 404, 409, 412, 422", async () => {
      const { id } = await list();
      const inbox = await inboxOf(main.server, main.alice);
      const path = `/api/lists/${id}`;
      await check(200, "PATCH", "/api/lists/{id}", path, { ...asAlice(), json: { color: null }, headers: { "if-match": '"1"' } });
      await check(404, "PATCH", "/api/lists/{id}", path, { ...asBob(), json: { name: "x" } });
      await check(409, "PATCH", "/api/lists/{id}", `/api/lists/${inbox.id}`, { ...asAlice(), json: { name: "x" } });
      await check(412, "PATCH", "/api/lists/{id}", path, { ...asAlice(), json: { name: "x" }, headers: { "if-match": '"1"' } });
      await check(422, "PATCH", "/api/lists/{id}", path, { ...asAlice(), json: {} });
    });

    it("DELETE /api/lists/{id}: 412, 409, 404, 204", async () => {
      const { id } = await list();
      const inbox = await inboxOf(main.server, main.alice);
      await check(412, "DELETE", "/api/lists/{id}", `/api/lists/${id}`, { ...asAlice(), headers: { "if-match": '"9"' } });
      await check(409, "DELETE", "/api/lists/{id}", `/api/lists/${inbox.id}`, asAlice());
      await check(404, "DELETE", "/api/lists/{id}", `/api/lists/${id}`, asBob());
      await check(204, "DELETE", "/api/lists/{id}", `/api/lists/${id}`, asAlice());
    });

    it("POST /api/lists/{id}/transfer: 404, 409, 422, 200", async () => {
      const { id } = await list();
      const path = `/api/lists/${id}/transfer`;
      await check(404, "POST", "/api/lists/{id}/transfer", path, { ...asAlice(), json: { userId: bob.id } });
      await check(409, "POST", "/api/lists/{id}/transfer", path, { ...asAlice(), json: { userId: main.alice.id } });
      await check(422, "POST", "/api/lists/{id}/transfer", path, { ...asAlice(), json: {} });
      await share(main.server, main.alice, id, bob, "editor");
      await check(200, "POST", "/api/lists/{id}/transfer", path, { ...asAlice(), json: { userId: bob.id } });
    });
  });

  describe("members", () => {
    it("GET /api/lists/{id}/members: 200, 404", async () => {
      const { id } = await list();
      await check(200, "GET", "/api/lists/{id}/members", `/api/lists/${id}/members`, asAlice());
      await check(404, "GET", "/api/lists/{id}/members", `/api/lists/${id}/members`, asBob());
    });

    it("PATCH /api/lists/{id}/members/{userId}: 200, 404, 409, 422", async () => {
      const { id } = await list();
      await share(main.server, main.alice, id, bob, "viewer");
      const template = "/api/lists/{id}/members/{userId}";
      await check(200, "PATCH", template, `/api/lists/${id}/members/${bob.id}`, { ...asAlice(), json: { role: "editor" } });
      await check(404, "PATCH", template, `/api/lists/${id}/members/${NO_SUCH_LIST}`, { ...asAlice(), json: { role: "editor" } });
      await check(409, "PATCH", template, `/api/lists/${id}/members/${main.alice.id}`, { ...asAlice(), json: { role: "admin" } });
      await check(422, "PATCH", template, `/api/lists/${id}/members/${bob.id}`, { ...asAlice(), json: { role: "owner" } });
    });

    it("DELETE /api/lists/{id}/members/{userId}: 409, 404, 204", async () => {
      const { id } = await list();
      await share(main.server, main.alice, id, bob, "viewer");
      const template = "/api/lists/{id}/members/{userId}";
      await check(409, "DELETE", template, `/api/lists/${id}/members/${main.alice.id}`, asAlice());
      await check(404, "DELETE", template, `/api/lists/${id}/members/${NO_SUCH_LIST}`, asAlice());
      await check(204, "DELETE", template, `/api/lists/${id}/members/${bob.id}`, asBob());
    });
  });

  describe("invitations", () => {
    it("GET /api/lists/{id}/invitations: 200, 403, 404", async () => {
      const { id } = await list();
      await invite(main.server, main.alice, id, "someone@example.com", "viewer");
      await check(200, "GET", "/api/lists/{id}/invitations", `/api/lists/${id}/invitations`, asAlice());
      await check(404, "GET", "/api/lists/{id}/invitations", `/api/lists/${id}/invitations`, asBob());
      await share(main.server, main.alice, id, bob, "editor");
      await check(403, "GET", "/api/lists/{id}/invitations", `/api/lists/${id}/invitations`, asBob());
    });

    it("POST /api/lists/{id}/invitations: 201, 404, 409, 422", async () => {
      const { id } = await list();
      const template = "/api/lists/{id}/invitations";
      const path = `/api/lists/${id}/invitations`;
      await check(201, "POST", template, path, { ...asAlice(), json: { email: "friend@example.com", role: "admin" } });
      await check(404, "POST", template, path, { ...asBob(), json: { email: "friend@example.com", role: "admin" } });
      await check(409, "POST", template, path, { ...asAlice(), json: { email: main.alice.email, role: "admin" } });
      await check(422, "POST", template, path, { ...asAlice(), json: { email: "nope", role: "admin" } });
    });

    it("DELETE /api/lists/{id}/invitations/{invitationId}: 204, 404", async () => {
      const { id } = await list();
      const sent = await invite(main.server, main.alice, id, "cancel@example.com", "viewer");
      const template = "/api/lists/{id}/invitations/{invitationId}";
      await check(204, "DELETE", template, `/api/lists/${id}/invitations/${sent.id}`, asAlice());
      await check(404, "DELETE", template, `/api/lists/${id}/invitations/${sent.id}`, asAlice());
    });

    it("GET /api/invitations, accept and decline: 200, 204, 404", async () => {
      const { id } = await list();
      const first = await invite(main.server, main.alice, id, bob.email, "viewer");
      await check(200, "GET", "/api/invitations", "/api/invitations", asBob());
      await check(404, "POST", "/api/invitations/{id}/accept", `/api/invitations/${first.id}/accept`, asAlice());
      await check(200, "POST", "/api/invitations/{id}/accept", `/api/invitations/${first.id}/accept`, asBob());
      const other = await list("Declined");
      const second = await invite(main.server, main.alice, other.id, bob.email, "viewer");
      await check(404, "POST", "/api/invitations/{id}/decline", `/api/invitations/${second.id}/decline`, asAlice());
      await check(204, "POST", "/api/invitations/{id}/decline", `/api/invitations/${second.id}/decline`, asBob());
      await call(main.server, "GET", "/api/invitations", asBob());
    });
  });
}
