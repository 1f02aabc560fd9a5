import { describe, expect, it } from "vitest";
import { call, signUp } from "../support/api-client";
import { useAppServer, type Credentials } from "../support/app-fixture";
import { problems } from "../support/problems";
import { createList, inboxOf, invite, ISO, NO_SUCH_ID, share, UUID } from "../support/sharing";

// Invitations over real HTTP: sent by the owner and admins, the same answer whether the
// address has an account or not, renewed by inviting again, listed, cancelled, received,
// accepted and declined; each refusal with its whole body, and nothing changed by it.

const { server, users, as } = useAppServer({ users: ["Alice", "Bob", "Carol", "Dave"] });

const DAY_MS = 24 * 60 * 60 * 1000;
const post = (path: string, json: unknown, who: Credentials = as("Alice")) => call(server, "POST", path, { as: who, json });

function invitationBody(listId: string, email: string, role: string, by = { id: users.Alice.id, name: "Alice" }) {
  return { id: UUID, listId, email, role, invitedBy: by, createdAt: ISO, expiresAt: ISO };
}

describe("POST /api/lists/{id}/invitations", () => {
  it("invites an address: 201, Location, expiry in 7 days, the address in lower case", async () => {
    const list = await createList(server, users.Alice, { name: "Family" });
    const res = await post(`/api/lists/${list.id}/invitations`, { email: "  NoOne@Example.COM ", role: "editor" }, as("Alice", "cookie"));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(invitationBody(list.id, "noone@example.com", "editor"));
    expect(res.headers.get("location")).toBe(`/api/lists/${list.id}/invitations/${res.body.id}`);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).toBe(7 * DAY_MS);
  });

  it("answers the same, byte for byte but ids, address and times, whether the address has an account or not", async () => {
    const list = await createList(server, users.Alice, { name: "Probe" });
    const existing = await post(`/api/lists/${list.id}/invitations`, { email: users.Dave.email, role: "viewer" });
    const unknown = await post(`/api/lists/${list.id}/invitations`, { email: "nobody-at-all@example.com", role: "viewer" });
    const masked = (text: string, email: string) =>
      text.replace(/"[0-9a-f-]{36}"/g, '"<id>"').replace(email, "<email>").replace(/"\d{4}-[^"]+Z"/g, '"<time>"');
    expect(existing.status).toBe(unknown.status);
    expect(masked(existing.text, users.Dave.email.toLowerCase())).toBe(masked(unknown.text, "nobody-at-all@example.com"));
    const headerNames = (h: Headers) => [...h.keys()].filter((k) => !["date", "x-request-id", "location"].includes(k));
    expect(headerNames(existing.headers)).toEqual(headerNames(unknown.headers));
  });

  it("renews the invitation when the address is invited again: same id, new role, inviter and expiry", async () => {
    const list = await createList(server, users.Alice, { name: "Renew" });
    await share(server, users.Alice, list.id, users.Bob, "admin");
    const first = await invite(server, users.Alice, list.id, "again@example.com", "viewer");
    await new Promise((r) => setTimeout(r, 5));
    const again = await post(`/api/lists/${list.id}/invitations`, { email: "AGAIN@example.com", role: "editor" }, as("Bob"));
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...invitationBody(list.id, "again@example.com", "editor", { id: users.Bob.id, name: "Bob" }), id: first.id });
    expect(again.body.expiresAt > first.expiresAt).toBe(true);
    const pending = await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") });
    expect(pending.body).toEqual({ items: [again.body] });
  });

  it("stores an address of 255 characters, and refuses 256", async () => {
    const list = await createList(server, users.Alice, { name: "Long" });
    const domain = `${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(50)}.com`; // 181 characters
    const at255 = `${"a".repeat(255 - domain.length - 1)}@${domain}`;
    expect(at255).toHaveLength(255);
    const ok = await post(`/api/lists/${list.id}/invitations`, { email: at255, role: "viewer" });
    expect(ok.status).toBe(201);
    expect(ok.body.email).toBe(at255);
    const over = await post(`/api/lists/${list.id}/invitations`, { email: `a${at255}`, role: "viewer" });
    expect(over.body).toEqual(problems.validation([{ path: "email", message: "At most 255 characters." }]));
  });

  it.each<[string, unknown, { path: string; message: string }[]]>([
    ["not an address", { email: "not-an-address", role: "viewer" }, [{ path: "email", message: "Must be an email address." }]],
    ["the owner role", { email: "x@example.com", role: "owner" }, [{ path: "role", message: "Must be one of admin, editor, viewer." }]],
    ["no role", { email: "x@example.com" }, [{ path: "role", message: "Must be one of admin, editor, viewer." }]],
    ["a list id in the body", { email: "x@example.com", role: "viewer", listId: NO_SUCH_ID }, [{ path: "listId", message: "Unknown or read-only field." }]],
  ])("refuses %s (422)", async (_name, json, errors) => {
    const list = await createList(server, users.Alice, { name: "Bad bodies" });
    expect((await post(`/api/lists/${list.id}/invitations`, json)).body).toEqual(problems.validation(errors));
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") })).body).toEqual({ items: [] });
  });

  it("is 403 for editors and viewers, 404 for strangers, 409 for the Inbox and for a member's address; nothing is stored", async () => {
    const list = await createList(server, users.Alice, { name: "Guarded" });
    await share(server, users.Alice, list.id, users.Bob, "editor");
    await share(server, users.Alice, list.id, users.Carol, "viewer");
    const json = { email: "friend@example.com", role: "viewer" };
    for (const who of ["Bob", "Carol"] as const) {
      expect((await post(`/api/lists/${list.id}/invitations`, json, as(who))).body).toEqual(
        problems.forbidden("Only the owner and admins of a list can invite."),
      );
    }
    for (const via of ["jwt", "cookie"] as const) {
      expect((await post(`/api/lists/${list.id}/invitations`, json, as("Dave", via))).body).toEqual(problems.listNotFound);
    }
    const inbox = await inboxOf(server, users.Alice);
    expect((await post(`/api/lists/${inbox.id}/invitations`, json)).body).toEqual(problems.conflict("The Inbox cannot be shared."));
    expect((await post(`/api/lists/${list.id}/invitations`, { email: users.Bob.email.toUpperCase(), role: "admin" })).body).toEqual(
      problems.conflict("That address belongs to a member of this list already."),
    );
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") })).body).toEqual({ items: [] });
    expect((await call(server, "GET", `/api/lists/${inbox.id}/invitations`, { as: as("Alice") })).body).toEqual({ items: [] });
  });
});

describe("GET and DELETE /api/lists/{id}/invitations", () => {
  it("lists the pending ones for the owner and admins; 403 for editors, 404 for strangers", async () => {
    const list = await createList(server, users.Alice, { name: "Pending" });
    await share(server, users.Alice, list.id, users.Bob, "editor");
    const sent = await invite(server, users.Alice, list.id, "p@example.com", "viewer");
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice", "cookie") })).body).toEqual({ items: [sent] });
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Bob") })).body).toEqual(
      problems.forbidden("Only the owner and admins of a list can see its invitations."),
    );
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Dave") })).body).toEqual(problems.listNotFound);
  });

  it("cancels for the inviter (even once demoted) and admins; 403 for other members; 404 through another list", async () => {
    const list = await createList(server, users.Alice, { name: "Cancel" });
    const other = await createList(server, users.Alice, { name: "Other" });
    await share(server, users.Alice, list.id, users.Bob, "admin");
    await share(server, users.Alice, list.id, users.Carol, "editor");
    const bobs = await invite(server, users.Bob, list.id, "b@example.com", "viewer");
    const alices = await invite(server, users.Alice, list.id, "a@example.com", "viewer");
    await call(server, "PATCH", `/api/lists/${list.id}/members/${users.Bob.id}`, { as: as("Alice"), json: { role: "editor" } });
    const del = (listId: string, id: string, who: "Alice" | "Bob" | "Carol" | "Dave") =>
      call(server, "DELETE", `/api/lists/${listId}/invitations/${id}`, { as: as(who) });
    expect((await del(list.id, alices.id, "Carol")).body).toEqual(
      problems.forbidden("Only the inviter, the owner and admins can cancel an invitation."),
    );
    expect((await del(list.id, alices.id, "Bob")).status).toBe(403);
    expect((await del(other.id, alices.id, "Alice")).body).toEqual(problems.invitationNotFound);
    expect((await del(list.id, alices.id, "Dave")).body).toEqual(problems.listNotFound);
    expect((await del(list.id, NO_SUCH_ID, "Alice")).body).toEqual(problems.invitationNotFound);
    expect((await del(list.id, "not-an-id", "Alice")).body).toEqual(problems.invitationNotFound);
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") })).body.items).toHaveLength(2);
    expect((await del(list.id, bobs.id, "Bob")).status).toBe(204);
    expect((await del(list.id, alices.id, "Alice")).status).toBe(204);
    expect((await del(list.id, alices.id, "Alice")).body).toEqual(problems.invitationNotFound);
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") })).body).toEqual({ items: [] });
  });
});

describe("the invitee's side", () => {
  it("GET /api/invitations lists what was sent to the account's address, with the list and who invited", async () => {
    const erin = await signUp(server, "Erin");
    const erinJwt = { as: { user: erin, via: "jwt" as const } };
    const list = await createList(server, users.Alice, { name: "For Erin" });
    const sent = await invite(server, users.Alice, list.id, erin.email.toUpperCase(), "editor");
    const res = await call(server, "GET", "/api/invitations", erinJwt);
    expect(res.body).toEqual({
      items: [
        { id: sent.id, list: { id: list.id, name: "For Erin" }, role: "editor", invitedBy: { id: users.Alice.id, name: "Alice" }, createdAt: sent.createdAt, expiresAt: sent.expiresAt },
      ],
      verificationRequired: false,
    });
    const frank = await signUp(server, "Frank");
    const frankCookie = { as: { user: frank, via: "cookie" as const } };
    expect((await call(server, "GET", "/api/invitations", frankCookie)).body).toEqual({ items: [], verificationRequired: false });
  });

  it("accept: 200 with the list as the new member sees it; the invitation is gone; no one else can answer it", async () => {
    const list = await createList(server, users.Alice, { name: "Join me" });
    const sent = await invite(server, users.Alice, list.id, users.Carol.email, "viewer");
    for (const path of [`/api/invitations/${sent.id}/accept`, `/api/invitations/${sent.id}/decline`]) {
      expect((await call(server, "POST", path, { as: as("Dave") })).body).toEqual(problems.invitationNotFound);
      expect((await call(server, "POST", path, { as: as("Alice") })).body).toEqual(problems.invitationNotFound);
    }
    const res = await call(server, "POST", `/api/invitations/${sent.id}/accept`, { as: as("Carol", "cookie") });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: list.id,
      name: "Join me",
      color: null,
      inbox: false,
      role: "viewer",
      owner: { id: users.Alice.id, name: "Alice" },
      memberCount: 2,
      taskCount: 0,
      createdAt: list.createdAt,
      updatedAt: list.updatedAt,
    });
    expect(res.headers.get("etag")).toBe('"1"');
    expect((await call(server, "POST", `/api/invitations/${sent.id}/accept`, { as: as("Carol") })).body).toEqual(problems.invitationNotFound);
    expect((await call(server, "GET", `/api/lists/${list.id}/invitations`, { as: as("Alice") })).body).toEqual({ items: [] });
    expect((await call(server, "GET", `/api/lists/${list.id}`, { as: as("Carol") })).body.role).toBe("viewer");
  });

  it("decline: 204; the invitation is gone and the caller is no member", async () => {
    const list = await createList(server, users.Alice, { name: "No thanks" });
    const sent = await invite(server, users.Alice, list.id, users.Dave.email, "admin");
    expect((await call(server, "POST", `/api/invitations/${sent.id}/decline`, { as: as("Dave") })).status).toBe(204);
    expect((await call(server, "POST", `/api/invitations/${sent.id}/accept`, { as: as("Dave") })).body).toEqual(problems.invitationNotFound);
    expect((await call(server, "GET", `/api/lists/${list.id}`, { as: as("Dave") })).body).toEqual(problems.listNotFound);
    expect((await call(server, "POST", "/api/invitations/not-an-id/decline", { as: as("Dave") })).body).toEqual(problems.invitationNotFound);
  });
});

describe("limits", () => {
  const limited = useAppServer({ users: ["Olga", "Pat"], env: { INVITATION_RATE_LIMIT_PER_HOUR: "4", MAX_LIST_MEMBERS: "3" } });

  it("refuses past MAX_LIST_MEMBERS members and pending invitations together (422); a renewal still passes", async () => {
    const list = await createList(limited.server, limited.users.Olga, { name: "Small" });
    await share(limited.server, limited.users.Olga, list.id, limited.users.Pat, "viewer");
    await invite(limited.server, limited.users.Olga, list.id, "third@example.com", "viewer");
    const res = await call(limited.server, "POST", `/api/lists/${list.id}/invitations`, {
      as: limited.as("Olga"),
      json: { email: "fourth@example.com", role: "viewer" },
    });
    expect(res.body).toEqual(problems.memberLimitReached(3));
    const renewed = await call(limited.server, "POST", `/api/lists/${list.id}/invitations`, {
      as: limited.as("Olga"),
      json: { email: "third@example.com", role: "editor" },
    });
    expect(renewed.status).toBe(201);
  });

  it("refuses past INVITATION_RATE_LIMIT_PER_HOUR per inviter: 429 with Retry-After", async () => {
    const olga = limited.users.Olga;
    const list = await createList(limited.server, olga, { name: "Spam" });
    // Olga sent 4 counted invitations above (accepted, pending, refused for room, renewed).
    const res = await call(limited.server, "POST", `/api/lists/${list.id}/invitations`, {
      as: limited.as("Olga", "cookie"),
      json: { email: "spam@example.com", role: "viewer" },
    });
    expect(res.status).toBe(429);
    expect(res.body).toEqual(problems.invitationsRateLimited(4));
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(res.headers.get("ratelimit-limit")).toBe("4");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect((await call(limited.server, "GET", `/api/lists/${list.id}/invitations`, { as: limited.as("Olga") })).body).toEqual({ items: [] });
    // Pat is counted apart.
    expect((await call(limited.server, "POST", "/api/lists", { as: limited.as("Pat"), json: { name: "Pat's" } })).status).toBe(201);
  });
});
