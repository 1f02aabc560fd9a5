import { expect } from "vitest";
import { problems } from "../support/problems";
import { ISO } from "../support/sharing";
import type { MemberRole, Role } from "../support/sharing-world";
import type { Ctx, Expect, Row } from "./permission-rows";

// The permission matrix's rows for comments, a task's history and a list's activity (issue
// 12), assembled into ROWS by permission-rows.ts. Written from the rights:
//   comments  any member reads; editors and above comment; the author edits; the author,
//             admins and the owner delete;
//   history   any member reads a task's; admins and the owner read the list's activity;
//             nobody changes either.
// The world's task carries one comment, by the owner (sharing-world.ts). Self-contained
// (types only from permission-rows.ts), since that file imports this one.

type Rights = Partial<Record<MemberRole, (ctx: Ctx) => Expect>> & { nonMember: (ctx: Ctx) => Expect };

function rights(r: Rights): Row["expect"] {
  const out: Partial<Record<Role, (ctx: Ctx) => Expect>> = { removed: r.nonMember, stranger: r.nonMember };
  for (const role of ["owner", "admin", "editor", "viewer"] as const) if (r[role]) out[role] = r[role];
  return out;
}

const each = (roles: readonly MemberRole[], e: (ctx: Ctx) => Expect) => Object.fromEntries(roles.map((role) => [role, e]));
const ok = (status: number, body?: unknown) => () => ({ status, body });
const denied = (detail: string) => () => ({ status: 403, body: problems.forbidden(detail) });
const hidden = (problem: unknown) => () => ({ status: 404, body: problem, hidden: true });
const taskNotFound = hidden(problems.notFound);

const C = (ctx: Ctx) => `/api/tasks/${ctx.world.task.id}/comments`;
const person = (ctx: Ctx, name: "Owner" | "Removed") => ({ id: ctx.users[name].id, name });

export const HISTORY_ROWS: Row[] = [
  {
    endpoint: "GET /api/tasks/{id}/comments",
    request: (ctx) => ({ method: "GET", path: C(ctx) }),
    expect: rights({
      ...each(["owner", "admin", "editor", "viewer"], (ctx) => ({ status: 200, body: { items: [ctx.world.comment], nextCursor: null } })),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "POST /api/tasks/{id}/comments",
    request: (ctx) => ({ method: "POST", path: C(ctx), json: { body: "Me too" } }),
    expect: rights({
      ...each(["owner", "admin", "editor"], (ctx) => ({
        status: 201,
        body: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          taskId: ctx.world.task.id,
          body: "Me too",
          author: { id: ctx.user.id, name: ctx.user.name },
          createdAt: ISO,
          editedAt: null,
        },
      })),
      viewer: denied("Viewers of a list cannot comment on its tasks."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/tasks/{id}/comments/{commentId}",
    target: "the owner's comment",
    request: (ctx) => ({ method: "PATCH", path: `${C(ctx)}/${ctx.world.comment.id}`, json: { body: "Edited" } }),
    expect: rights({
      owner: (ctx) => ({ status: 200, body: { ...ctx.world.comment, body: "Edited", editedAt: ISO } }),
      ...each(["admin", "editor"], denied("Only its author can edit a comment.")),
      viewer: denied("Viewers of a list cannot edit comments."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/tasks/{id}/comments/{commentId}",
    target: "the owner's comment",
    request: (ctx) => ({ method: "DELETE", path: `${C(ctx)}/${ctx.world.comment.id}` }),
    expect: rights({
      ...each(["owner", "admin"], ok(204)),
      editor: denied("Only its author and the list's owner and admins can delete a comment."),
      viewer: denied("Viewers of a list cannot delete comments."),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "GET /api/tasks/{id}/history",
    request: (ctx) => ({ method: "GET", path: `/api/tasks/${ctx.world.task.id}/history` }),
    expect: rights({
      ...each(["owner", "admin", "editor", "viewer"], (ctx) => ({
        status: 200,
        body: {
          items: [
            { id: expect.stringMatching(/^\d+$/), action: "commented", actor: person(ctx, "Owner"), at: ISO, changes: null },
            { id: expect.stringMatching(/^\d+$/), action: "created", actor: person(ctx, "Removed"), at: ISO, changes: null },
          ],
          nextCursor: null,
        },
      })),
      nonMember: taskNotFound,
    }),
  },
  {
    endpoint: "POST /api/tasks/{id}/history",
    target: "append-only",
    request: (ctx) => ({ method: "POST", path: `/api/tasks/${ctx.world.task.id}/history`, json: {} }),
    expect: rights({
      ...each(["owner", "admin", "editor", "viewer"], ok(405, problems.methodNotAllowed("GET, HEAD, OPTIONS"))),
      nonMember: ok(405, problems.methodNotAllowed("GET, HEAD, OPTIONS")),
    }),
  },
  {
    endpoint: "GET /api/lists/{id}/activity",
    request: (ctx) => ({ method: "GET", path: `/api/lists/${ctx.world.listId}/activity` }),
    expect: rights({
      ...each(["owner", "admin"], (ctx) => ({ status: 200, check: activityCheck(ctx) })),
      ...each(["editor", "viewer"], denied("Only the owner and admins of a list can see its activity.")),
      nonMember: hidden(problems.listNotFound),
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/activity",
    target: "append-only",
    request: (ctx) => ({ method: "DELETE", path: `/api/lists/${ctx.world.listId}/activity` }),
    expect: rights({
      ...each(["owner", "admin", "editor", "viewer"], ok(405, problems.methodNotAllowed("GET, HEAD, OPTIONS"))),
      nonMember: ok(405, problems.methodNotAllowed("GET, HEAD, OPTIONS")),
    }),
  },
];

/** The world's newest events, as the list's activity shows them: the invitation, the done task, the removal. */
function activityCheck(ctx: Ctx) {
  return (body: any) => {
    expect(body).toEqual({ items: expect.any(Array), nextCursor: null });
    const entry = (action: string, rest: Record<string, unknown>) => ({
      id: expect.stringMatching(/^\d+$/),
      action,
      actor: person(ctx, "Owner"),
      at: ISO,
      taskId: null,
      taskTitle: null,
      member: null,
      changes: null,
      ...rest,
    });
    expect(body.items.slice(0, 4)).toEqual([
      entry("invited", { changes: { email: { from: null, to: ctx.users.Invitee.email.toLowerCase() }, role: { from: null, to: "editor" } } }),
      entry("created", { taskId: ctx.world.done.id, taskTitle: "Done task" }),
      entry("removed", { member: person(ctx, "Removed"), changes: { role: { from: "editor", to: null } } }),
      entry("commented", { taskId: ctx.world.task.id, taskTitle: "Shared task" }),
    ]);
  };
}
