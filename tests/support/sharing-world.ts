import { expect } from "vitest";
import { call, createTask, uniqueEmail, type TestUser } from "./api-client";
import type { AppServer } from "./app-server";
import { fileForm, upload } from "./attachments";
import { createList, inboxOf, invite, share } from "./sharing";

// One shared list with somebody in every role, as the permission matrix
// (tests/security/permission-matrix.test.ts) and the revocation tests meet it: built only
// through the API, and read back whole as its owner, so that a refusal can be checked to
// have left it exactly as it was.

export const ROLES = ["owner", "admin", "editor", "viewer", "removed", "stranger"] as const;
export type Role = (typeof ROLES)[number];
export const MEMBER_ROLES = ["owner", "admin", "editor", "viewer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const isMember = (role: Role): role is MemberRole => (MEMBER_ROLES as readonly Role[]).includes(role);

/** Who holds each role: signed up by these names. Invitee is the addressee of the pending invitation. */
export const NAMES = {
  owner: "Owner",
  admin: "Admin",
  editor: "Editor",
  viewer: "Viewer",
  removed: "Removed",
  stranger: "Stranger",
} as const satisfies Record<Role, string>;
export const PEOPLE = [...Object.values(NAMES), "Invitee"] as const;
export type Person = (typeof PEOPLE)[number];

export type Json = Record<string, any>;

export type World = {
  listId: string;
  /** The list as POST /api/lists answered it (createdAt, updatedAt). */
  list: Json;
  /** A pending task, created by the removed member while they were an editor. */
  task: Json;
  /** A completed task, created by the owner. */
  done: Json;
  /** A file on the pending task, uploaded by the owner: JSON, so that a download reads back as a body. */
  attachment: Json;
  /** The owner's comment on the pending task. */
  comment: Json;
  /** The pending invitation (to Invitee, as editor, from the owner). */
  invitationId: string;
  /** A tag of the list ("home"), on no task. */
  tagId: string;
  /** Each caller's Inbox id, and a task of theirs in it (the one a cell moves into the list). */
  inbox: Record<Role, string>;
  mine: Record<Role, Json>;
};

export type Users = Readonly<Record<Person, TestUser>>;

const jwt = (user: TestUser) => ({ as: { user, via: "jwt" as const } });

/** Each caller's Inbox and a task in it: read and made once, replaced when a cell moves it away. */
export async function ownCorners(server: AppServer, users: Users) {
  const inbox = {} as Record<Role, string>;
  const mine = {} as Record<Role, Json>;
  for (const role of ROLES) {
    inbox[role] = (await inboxOf(server, users[NAMES[role]])).id;
    mine[role] = await createTask(server, users[NAMES[role]], { title: `${role}'s own` });
  }
  return { inbox, mine };
}

/**
 * The world: Owner's list "Shared", Admin, Editor and Viewer in it by invitation, Removed
 * invited as an editor, the writer of its pending task, then removed by the owner; Stranger
 * never in it. The list before (if any) is deleted first, so that every caller's
 * GET /api/lists stays one page.
 */
export async function buildWorld(server: AppServer, users: Users, corners: Pick<World, "inbox" | "mine">, previous?: World): Promise<World> {
  if (previous) await dropWorld(server, users, previous);
  const list = await createList(server, users.Owner, { name: "Shared" });
  for (const [name, role] of [["Admin", "admin"], ["Editor", "editor"], ["Viewer", "viewer"], ["Removed", "editor"]] as const) {
    await share(server, users.Owner, list.id, users[name], role);
  }
  const task = await createTask(server, users.Removed, { title: "Shared task", listId: list.id });
  // Before the done task, so that the change feed still has the two in this order.
  const comment = await call(server, "POST", `/api/tasks/${task.id}/comments`, { ...jwt(users.Owner), json: { body: "World comment" } });
  expect(comment.status).toBe(201);
  // Read again: a comment is part of the task's representation (its ETag, its count).
  const commented = (await call(server, "GET", `/api/tasks/${task.id}`, jwt(users.Owner))).body as Json;
  const removed = await call(server, "DELETE", `/api/lists/${list.id}/members/${users.Removed.id}`, jwt(users.Owner));
  expect(removed.status).toBe(204);
  const done = await createTask(server, users.Owner, { title: "Done task", listId: list.id, completed: true });
  const attachment = await upload(server, task.id, fileForm(WORLD_FILE, "world.json", "application/json"), { user: users.Owner, via: "jwt" });
  expect(attachment.status).toBe(201);
  const invitation = await invite(server, users.Owner, list.id, users.Invitee.email, "editor");
  const tag = await call(server, "POST", `/api/lists/${list.id}/tags`, { ...jwt(users.Owner), json: { name: "home" } });
  expect(tag.status).toBe(201);
  return { listId: list.id, list, task: commented, done, comment: comment.body, attachment: attachment.body, invitationId: invitation.id, tagId: tag.body.id, ...corners };
}

/** Deletes the world's list by whoever owns it now (a transfer may have moved it); gone already is fine. */
async function dropWorld(server: AppServer, users: Users, world: World): Promise<void> {
  for (const user of [users.Owner, users.Editor, users.Admin]) {
    const res = await call(server, "DELETE", `/api/lists/${world.listId}`, jwt(user));
    if (res.status === 204 || res.status === 404) return;
  }
}

/** The same requests with ids that name nothing: what a non-member's answer must be indistinguishable from. */
export const NO_SUCH_LIST = "00000000-0000-4000-8000-00000000a001";
export const NO_SUCH_TASK = "0190f3a0-0000-7000-8000-00000000dead";
export const NO_SUCH_INVITATION = "00000000-0000-4000-8000-00000000a002";
export const NO_SUCH_ATTACHMENT = "0190f3a0-0000-7000-8000-00000000f11e";
/** What the world's attachment holds. */
export const WORLD_FILE = JSON.stringify({ note: "attached" });
export const NO_SUCH_COMMENT = "0190f3a0-0000-7000-8000-00000000c0de";
export const NO_SUCH_TAG = "00000000-0000-4000-8000-00000000a003";
export function ghostOf(world: World): World {
  return {
    ...world,
    listId: NO_SUCH_LIST,
    task: { ...world.task, id: NO_SUCH_TASK },
    done: { ...world.done, id: NO_SUCH_TASK },
    attachment: { ...world.attachment, id: NO_SUCH_ATTACHMENT },
    comment: { ...world.comment, id: NO_SUCH_COMMENT },
    invitationId: NO_SUCH_INVITATION,
    tagId: NO_SUCH_TAG,
  };
}

export type Snapshot = Json;

/**
 * Everything of the world a request could change, read as its owner (by JWT): the list with
 * its ETag, its members, its invitations, its tasks. The caller's own task, which the move
 * cells touch, is read apart (ownTask), since the world's part can be reused from one cell
 * to the next while nothing changes.
 */
export async function snapshot(server: AppServer, users: Users, world: World): Promise<Snapshot> {
  const owner = jwt(users.Owner);
  const list = await call(server, "GET", `/api/lists/${world.listId}`, owner);
  const members = await call(server, "GET", `/api/lists/${world.listId}/members`, owner);
  const invitations = await call(server, "GET", `/api/lists/${world.listId}/invitations`, owner);
  const tasks = await call(server, "GET", `/api/tasks?listId=${world.listId}&limit=100`, owner);
  const attachments = await call(server, "GET", `/api/tasks/${world.task.id}/attachments`, owner);
  // A refusal writes no comment and no history either.
  const comments = await call(server, "GET", `/api/tasks/${world.task.id}/comments?limit=100`, owner);
  const history = await call(server, "GET", `/api/tasks/${world.task.id}/history?limit=100`, owner);
  const activity = await call(server, "GET", `/api/lists/${world.listId}/activity?limit=100`, owner);
  const tags = await call(server, "GET", `/api/lists/${world.listId}/tags`, owner);
  return {
    list: { ...read(list), etag: list.headers.get("etag") },
    members: read(members),
    invitations: read(invitations),
    tasks: read(tasks),
    attachments: read(attachments),
    comments: read(comments),
    history: read(history),
    activity: read(activity),
    tags: read(tags),
  };
}

/** The caller's own task as they read it. */
export async function ownTask(server: AppServer, users: Users, world: World, caller: Role): Promise<Snapshot> {
  return read(await call(server, "GET", `/api/tasks/${world.mine[caller].id}`, jwt(users[NAMES[caller]])));
}

const read = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

export const freshEmail = () => uniqueEmail("nobody");
