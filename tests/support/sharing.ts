import { expect } from "vitest";
import { call, type TestUser } from "./api-client";
import type { AppServer } from "./app-server";

// Lists and sharing through the API, as a test sets them up: a list, and a member who got
// there the only way there is, invited and accepting.

export type ListRoleName = "admin" | "editor" | "viewer";

const jwt = (user: TestUser) => ({ as: { user, via: "jwt" as const } });

export async function createList(server: AppServer, owner: TestUser, json: Record<string, unknown> = { name: "Groceries" }) {
  const res = await call(server, "POST", "/api/lists", { ...jwt(owner), json });
  if (res.status !== 201) throw new Error(`create list failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

export async function invite(server: AppServer, inviter: TestUser, listId: string, email: string, role: ListRoleName) {
  const res = await call(server, "POST", `/api/lists/${listId}/invitations`, { ...jwt(inviter), json: { email, role } });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}

/** `member` joins the list with `role`, invited by `inviter`. */
export async function share(server: AppServer, inviter: TestUser, listId: string, member: TestUser, role: ListRoleName) {
  const invitation = await invite(server, inviter, listId, member.email, role);
  const res = await call(server, "POST", `/api/invitations/${invitation.id}/accept`, jwt(member));
  expect(res.status).toBe(200);
  return res.body as Record<string, any>;
}

export async function inboxOf(server: AppServer, user: TestUser) {
  const res = await call(server, "GET", "/api/lists", jwt(user));
  return (res.body.items as Record<string, any>[]).find((l) => l.inbox)!;
}

export async function membersOf(server: AppServer, user: TestUser, listId: string) {
  const res = await call(server, "GET", `/api/lists/${listId}/members`, jwt(user));
  expect(res.status).toBe(200);
  return res.body.items as Record<string, any>[];
}

export const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
export const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);
export const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
