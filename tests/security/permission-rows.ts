import { expect } from "vitest";
import type { TestUser } from "../support/api-client";
import { problems } from "../support/problems";
import { ATTACHMENT_ROWS } from "./permission-rows-attachments";
import { ISO, UUID } from "../support/sharing";
import { freshEmail, type Json, type MemberRole, type Role, type Users, type World } from "../support/sharing-world";
import { HISTORY_ROWS } from "./permission-rows-history";

// The permission matrix as a table: one row per endpoint and method (and, where the target
// matters, per target), with the answer each role must get. The expectations are the
// rights of issue 11, written from the issue and not from the code:
//   viewer  reads the list and its tasks;
//   editor  also creates, changes, completes, moves and deletes its tasks;
//   admin   also renames, invites, changes roles below owner, removes members, sees and
//           cancels invitations;
//   owner   also deletes the list and transfers ownership.
// Anyone may leave but the owner. A non-member (removed, or never a member) gets the 404 of
// an id that does not exist (checked cell by cell against the same request with ids that
// name nothing).

export type Ctx = { world: World; role: Role; user: TestUser; users: Users };
export type Request = { method: string; path: string; json?: unknown; body?: Buffer | string; headers?: Record<string, string> };
/** `body`: the whole body (matchers allowed), or a function that asserts on it. */
export type Expect = { status: number; body?: unknown; check?: (body: any) => void; hidden?: boolean };
export type Row = {
  endpoint: string;
  /** What this row's request aims at, when the endpoint has several rows. */
  target?: string;
  request: (ctx: Ctx) => Request;
  expect: Partial<Record<Role, (ctx: Ctx) => Expect>>;
};

type Rights = Partial<Record<MemberRole | "member" | "manager" | "writer", (ctx: Ctx) => Expect>> & {
  nonMember?: (ctx: Ctx) => Expect;
};

/**
 * A row's expectations from the roles' names: `member` for every member, `writer` for
 * owner/admin/editor, `manager` for owner/admin, a role's own entry first; removed and
 * stranger take `nonMember`.
 */
export function rights(r: Rights): Row["expect"] {
  const pick = (role: MemberRole) =>
    r[role] ?? (role !== "viewer" && role !== "editor" ? r.manager : undefined) ?? (role !== "viewer" ? r.writer : undefined) ?? r.member;
  const out: Row["expect"] = {};
  for (const role of ["owner", "admin", "editor", "viewer"] as const) {
    const e = pick(role);
    if (e) out[role] = e;
  }
  if (r.nonMember) out.removed = out.stranger = r.nonMember;
  return out;
}

export const is = (status: number, body?: unknown) => () => ({ status, body });
export const hidden = (problem: unknown) => () => ({ status: 404, body: problem, hidden: true });
export const denied = (detail: string) => () => ({ status: 403, body: problems.forbidden(detail) });
export const noContent = () => ({ status: 204, body: undefined });

export const listNotFound = hidden(problems.listNotFound);
export const taskNotFound = hidden(problems.notFound);

/** The world's list as `role` sees it, with `changes`. */
function listView(ctx: Ctx, role: MemberRole, changes: Json = {}) {
  const { list } = ctx.world;
  return {
    id: list.id,
    name: "Shared",
    color: null,
    inbox: false,
    role,
    owner: { id: ctx.users.Owner.id, name: "Owner" },
    memberCount: 4,
    taskCount: 2,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
    ...changes,
  };
}

const member = (user: TestUser, role: string) => ({ userId: user.id, name: user.name, email: user.email, role, joinedAt: ISO });
const members = (ctx: Ctx) => ({
  items: [
    member(ctx.users.Owner, "owner"),
    member(ctx.users.Admin, "admin"),
    member(ctx.users.Editor, "editor"),
    member(ctx.users.Viewer, "viewer"),
  ],
});

/** A task of the world after the caller wrote `changes` to it. */
export const written = (ctx: Ctx, task: Json, changes: Json) => ({ ...task, ...changes, updatedAt: ISO, updatedBy: ctx.user.id });
/** A task the caller created in the world's list. */
export const newTask = (ctx: Ctx, title: string) => ({
  id: UUID,
  listId: ctx.world.listId,
  title,
  description: null,
  completed: false,
  priority: null,
  dueDate: null,
  createdAt: ISO,
  updatedAt: ISO,
  createdBy: ctx.user.id,
  updatedBy: ctx.user.id,
  tags: [],
  commentCount: 0,
});

const L = (ctx: Ctx) => `/api/lists/${ctx.world.listId}`;
const T = (ctx: Ctx) => `/api/tasks/${ctx.world.task.id}`;
/** Someone else in the list for "remove a member": Editor, or Viewer when the caller is Editor. */
const otherMember = (ctx: Ctx) => (ctx.role === "editor" ? ctx.users.Viewer : ctx.users.Editor);

const batch = (op: Json): ((ctx: Ctx) => Request) => () => ({ method: "POST", path: "/api/tasks/batch", json: { operations: [op] } });

export const ROWS: Row[] = [
  // /api/lists
  {
    endpoint: "GET /api/lists",
    request: () => ({ method: "GET", path: "/api/lists" }),
    expect: rights({ member: (ctx) => ({ status: 200, check: listsCheck(ctx, true) }), nonMember: (ctx) => ({ status: 200, check: listsCheck(ctx, false) }) }),
  },
  {
    // A list of one's own: anyone signed in; the world is not touched.
    endpoint: "POST /api/lists",
    request: () => ({ method: "POST", path: "/api/lists", json: { name: "Of my own" } }),
    expect: rights({ member: ownList, nonMember: ownList }),
  },
  {
    endpoint: "GET /api/lists/{id}",
    request: (ctx) => ({ method: "GET", path: L(ctx) }),
    expect: rights({ member: (ctx) => ({ status: 200, body: listView(ctx, ctx.role as MemberRole) }), nonMember: listNotFound }),
  },
  {
    endpoint: "PATCH /api/lists/{id}",
    request: (ctx) => ({ method: "PATCH", path: L(ctx), json: { name: "Renamed" } }),
    expect: rights({
      manager: (ctx) => ({ status: 200, body: listView(ctx, ctx.role as MemberRole, { name: "Renamed", updatedAt: ISO }) }),
      member: denied("Only the owner and admins of a list can change it."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}",
    request: (ctx) => ({ method: "DELETE", path: L(ctx) }),
    expect: rights({ owner: noContent, member: denied("Only the owner of a list can delete it."), nonMember: listNotFound }),
  },

  // Invitations of a list, one invitation, the caller's invitations, accept, decline
  {
    endpoint: "GET /api/lists/{id}/invitations",
    request: (ctx) => ({ method: "GET", path: `${L(ctx)}/invitations` }),
    expect: rights({
      manager: (ctx) => ({
        status: 200,
        body: {
          items: [
            {
              id: ctx.world.invitationId,
              listId: ctx.world.listId,
              email: ctx.users.Invitee.email,
              role: "editor",
              invitedBy: { id: ctx.users.Owner.id, name: "Owner" },
              createdAt: ISO,
              expiresAt: ISO,
            },
          ],
        },
      }),
      member: denied("Only the owner and admins of a list can see its invitations."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "POST /api/lists/{id}/invitations",
    request: (ctx) => ({ method: "POST", path: `${L(ctx)}/invitations`, json: { email: freshEmail(), role: "viewer" } }),
    expect: rights({
      manager: (ctx) => ({
        status: 201,
        body: {
          id: UUID,
          listId: ctx.world.listId,
          email: expect.stringMatching(/^nobody-[0-9a-f]+@example\.com$/),
          role: "viewer",
          invitedBy: { id: ctx.user.id, name: ctx.user.name },
          createdAt: ISO,
          expiresAt: ISO,
        },
      }),
      member: denied("Only the owner and admins of a list can invite."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/invitations/{invId}",
    request: (ctx) => ({ method: "DELETE", path: `${L(ctx)}/invitations/${ctx.world.invitationId}` }),
    expect: rights({
      manager: noContent,
      member: denied("Only the inviter, the owner and admins can cancel an invitation."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "GET /api/invitations",
    request: () => ({ method: "GET", path: "/api/invitations" }),
    // Nobody in the matrix is the addressee: the list's pending invitation is Invitee's.
    expect: rights({ member: is(200, { items: [], verificationRequired: false }), nonMember: is(200, { items: [], verificationRequired: false }) }),
  },
  {
    endpoint: "POST /api/invitations/{id}/accept",
    target: "the list's invitation to someone else",
    request: (ctx) => ({ method: "POST", path: `/api/invitations/${ctx.world.invitationId}/accept` }),
    expect: rights({ member: hidden(problems.invitationNotFound), nonMember: hidden(problems.invitationNotFound) }),
  },
  {
    endpoint: "POST /api/invitations/{id}/decline",
    target: "the list's invitation to someone else",
    request: (ctx) => ({ method: "POST", path: `/api/invitations/${ctx.world.invitationId}/decline` }),
    expect: rights({ member: hidden(problems.invitationNotFound), nonMember: hidden(problems.invitationNotFound) }),
  },

  // Members and transfer
  {
    endpoint: "GET /api/lists/{id}/members",
    request: (ctx) => ({ method: "GET", path: `${L(ctx)}/members` }),
    expect: rights({ member: (ctx) => ({ status: 200, body: members(ctx) }), nonMember: listNotFound }),
  },
  {
    endpoint: "PATCH /api/lists/{id}/members/{userId}",
    target: "Viewer made an editor",
    request: (ctx) => ({ method: "PATCH", path: `${L(ctx)}/members/${ctx.users.Viewer.id}`, json: { role: "editor" } }),
    expect: rights({
      manager: (ctx) => ({ status: 200, body: member(ctx.users.Viewer, "editor") }),
      member: denied("Only the owner and admins of a list can change roles."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/lists/{id}/members/{userId}",
    target: "the owner made a viewer",
    request: (ctx) => ({ method: "PATCH", path: `${L(ctx)}/members/${ctx.users.Owner.id}`, json: { role: "viewer" } }),
    expect: rights({
      owner: is(409, problems.conflict("The owner's role cannot change: transfer the ownership instead.")),
      admin: denied("The owner's role cannot be changed."),
      member: denied("Only the owner and admins of a list can change roles."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/members/{userId}",
    target: "another member (Editor; Viewer when Editor asks)",
    request: (ctx) => ({ method: "DELETE", path: `${L(ctx)}/members/${otherMember(ctx).id}` }),
    expect: rights({
      manager: noContent,
      member: denied("Only the owner and admins of a list can remove its members."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/members/{userId}",
    target: "the owner",
    request: (ctx) => ({ method: "DELETE", path: `${L(ctx)}/members/${ctx.users.Owner.id}` }),
    expect: rights({
      owner: is(409, problems.conflict("The owner cannot leave or be removed: transfer the ownership first.")),
      // Admins remove members, but the owner is above them: a right they lack, so 403
      // (as for changing the owner's role).
      admin: is(403, problems.forbidden("The owner of a list cannot be removed.")),
      member: denied("Only the owner and admins of a list can remove its members."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/members/{userId}",
    target: "oneself (leaving)",
    request: (ctx) => ({ method: "DELETE", path: `${L(ctx)}/members/${ctx.user.id}` }),
    expect: rights({
      owner: is(409, problems.conflict("The owner cannot leave or be removed: transfer the ownership first.")),
      member: noContent,
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "POST /api/lists/{id}/transfer",
    target: "to Editor",
    request: (ctx) => ({ method: "POST", path: `${L(ctx)}/transfer`, json: { userId: ctx.users.Editor.id } }),
    expect: rights({
      owner: (ctx) => ({ status: 200, body: listView(ctx, "admin", { owner: { id: ctx.users.Editor.id, name: "Editor" } }) }),
      member: denied("Only the owner of a list can transfer it."),
      nonMember: listNotFound,
    }),
  },

  // Tasks of the shared list
  {
    endpoint: "GET /api/tasks?listId=",
    request: (ctx) => ({ method: "GET", path: `/api/tasks?listId=${ctx.world.listId}` }),
    expect: rights({ member: (ctx) => ({ status: 200, body: { items: [ctx.world.done, ctx.world.task], nextCursor: null } }), nonMember: listNotFound }),
  },
  {
    endpoint: "POST /api/tasks",
    target: "{ listId }",
    request: (ctx) => ({ method: "POST", path: "/api/tasks", json: { title: "Added", listId: ctx.world.listId } }),
    expect: rights({
      writer: (ctx) => ({ status: 201, body: newTask(ctx, "Added") }),
      viewer: denied("Viewers of a list cannot add tasks to it."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "GET /api/tasks/{id}",
    request: (ctx) => ({ method: "GET", path: T(ctx) }),
    expect: rights({ member: (ctx) => ({ status: 200, body: ctx.world.task }), nonMember: taskNotFound }),
  },
  {
    endpoint: "PUT /api/tasks/{id}",
    request: (ctx) => ({ method: "PUT", path: T(ctx), json: { title: "Replaced" } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: written(ctx, ctx.world.task, { title: "Replaced" }) }),
      viewer: denied("Viewers of a list cannot change its tasks."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/tasks/{id}",
    request: (ctx) => ({ method: "PATCH", path: T(ctx), json: { title: "Patched" } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: written(ctx, ctx.world.task, { title: "Patched" }) }),
      viewer: denied("Viewers of a list cannot change its tasks."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/tasks/{id}",
    request: (ctx) => ({ method: "DELETE", path: T(ctx) }),
    expect: rights({ writer: noContent, viewer: denied("Viewers of a list cannot change its tasks."), nonMember: taskNotFound }),
  },
  {
    // The API completes with PATCH (there is no POST /complete: 405 for everyone).
    endpoint: "PATCH /api/tasks/{id}/complete",
    request: (ctx) => ({ method: "PATCH", path: `${T(ctx)}/complete`, json: { completed: true } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: written(ctx, ctx.world.task, { completed: true }) }),
      viewer: denied("Viewers of a list cannot change its tasks."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/tasks/{id}",
    target: "the caller's own task moved into the list",
    request: (ctx) => ({ method: "PATCH", path: `/api/tasks/${ctx.world.mine[ctx.role].id}`, json: { listId: ctx.world.listId } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: written(ctx, ctx.world.mine[ctx.role], { listId: ctx.world.listId }) }),
      viewer: denied("Viewers of a list cannot add tasks to it."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/tasks/{id}",
    target: "the list's task moved to the caller's Inbox",
    request: (ctx) => ({ method: "PATCH", path: T(ctx), json: { listId: ctx.world.inbox[ctx.role] } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: written(ctx, ctx.world.task, { listId: ctx.world.inbox[ctx.role] }) }),
      viewer: denied("Viewers of a list cannot move its tasks."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "GET /api/tasks/summary?listId=",
    request: (ctx) => ({ method: "GET", path: `/api/tasks/summary?listId=${ctx.world.listId}` }),
    expect: rights({ member: is(200, { total: 2, pending: 1, completed: 1, overdue: 0, dueToday: 0 }), nonMember: listNotFound }),
  },
  {
    endpoint: "DELETE /api/tasks?status=completed&listId=",
    request: (ctx) => ({ method: "DELETE", path: `/api/tasks?status=completed&listId=${ctx.world.listId}` }),
    expect: rights({ writer: is(200, { deleted: 1 }), viewer: denied("Viewers of a list cannot delete its tasks."), nonMember: listNotFound }),
  },
  {
    endpoint: "POST /api/tasks/batch",
    target: "create in the list",
    request: (ctx) => batch({ op: "create", body: { title: "Batched", listId: ctx.world.listId } })(ctx),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: { results: [{ op: "create", status: 201, task: newTask(ctx, "Batched") }] } }),
      viewer: is(403, problems.inOperation(0, problems.forbidden("Viewers of a list cannot add tasks to it."))),
      nonMember: hidden(problems.inOperation(0, problems.listNotFound)),
    }),
  },
  {
    endpoint: "POST /api/tasks/batch",
    target: "update the list's task",
    request: (ctx) => batch({ op: "update", id: ctx.world.task.id, body: { title: "Batched" } })(ctx),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: { results: [{ op: "update", status: 200, task: written(ctx, ctx.world.task, { title: "Batched" }) }] } }),
      viewer: is(403, problems.inOperation(0, problems.forbidden("Viewers of a list cannot change its tasks."))),
      nonMember: hidden(problems.inOperation(0, problems.notFound)),
    }),
  },
  {
    endpoint: "POST /api/tasks/batch",
    target: "complete the list's task",
    request: (ctx) => batch({ op: "complete", id: ctx.world.task.id })(ctx),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: { results: [{ op: "complete", status: 200, task: written(ctx, ctx.world.task, { completed: true }) }] } }),
      viewer: is(403, problems.inOperation(0, problems.forbidden("Viewers of a list cannot change its tasks."))),
      nonMember: hidden(problems.inOperation(0, problems.notFound)),
    }),
  },
  {
    endpoint: "POST /api/tasks/batch",
    target: "delete the list's task",
    request: (ctx) => batch({ op: "delete", id: ctx.world.task.id })(ctx),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: { results: [{ op: "delete", status: 204, id: ctx.world.task.id }] } }),
      viewer: is(403, problems.inOperation(0, problems.forbidden("Viewers of a list cannot change its tasks."))),
      nonMember: hidden(problems.inOperation(0, problems.notFound)),
    }),
  },
  {
    endpoint: "GET /api/tasks/changes",
    request: () => ({ method: "GET", path: "/api/tasks/changes" }),
    expect: rights({
      member: (ctx) => ({ status: 200, check: changesCheck(ctx, true) }),
      nonMember: (ctx) => ({ status: 200, check: changesCheck(ctx, false) }),
    }),
  },
  ...ATTACHMENT_ROWS,
  ...HISTORY_ROWS,
];

/** The full sync: the world's two tasks exactly for a member, nothing of the list for anyone else. */
function changesCheck(ctx: Ctx, sees: boolean) {
  return (body: any) => {
    expect(body).toEqual({ tasks: expect.any(Array), deleted: [], next: expect.any(String), hasMore: false });
    const ofList = body.tasks.filter((t: Json) => t.listId === ctx.world.listId || t.id === ctx.world.task.id || t.id === ctx.world.done.id);
    expect(ofList).toEqual(sees ? [ctx.world.task, ctx.world.done] : []);
  };
}

/** The caller's Inbox first; the world's list as they see it if they are a member, else not at all. */
function listsCheck(ctx: Ctx, sees: boolean) {
  return (body: any) => {
    expect(body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(body.items[0]).toMatchObject({ inbox: true, role: "owner", owner: { id: ctx.user.id, name: ctx.user.name } });
    expect(body.items.filter((l: Json) => l.id === ctx.world.listId)).toEqual(sees ? [listView(ctx, ctx.role as MemberRole)] : []);
  };
}

function ownList(ctx: Ctx): Expect {
  return {
    status: 201,
    body: {
      id: UUID,
      name: "Of my own",
      color: null,
      inbox: false,
      role: "owner",
      owner: { id: ctx.user.id, name: ctx.user.name },
      memberCount: 1,
      taskCount: 0,
      createdAt: ISO,
      updatedAt: ISO,
    },
  };
}
