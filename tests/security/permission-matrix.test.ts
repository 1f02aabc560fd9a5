import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { bodyOf, fileForm, upload } from "../support/attachments";
import { useAppServer, type Via } from "../support/app-fixture";
import { buildWorld, ghostOf, NAMES, ownCorners, ownTask, PEOPLE, ROLES, snapshot, type Snapshot, type World } from "../support/sharing-world";
import { problems } from "../support/problems";
import { createList, invite, ISO, share, UUID } from "../support/sharing";
import { ROWS as LIST_ROWS, type Ctx, type Expect, type Row } from "./permission-rows";
import { TAG_ROWS } from "./permission-rows-tags";

const ROWS = [...LIST_ROWS, ...TAG_ROWS];

// Issue 11's permission matrix over real HTTP: every row of permission-rows.ts (endpoint x
// method x target) x {owner, admin, editor, viewer, removed member, stranger} x {cookie,
// JWT}. Each cell asserts the status and the body; a non-member's 404 must be byte for
// byte the answer to the same request with ids that name nothing; after every refusal the
// world (list, members, invitations, tasks, the caller's own task, read back as the owner)
// must be as it was. A cell that changed the world gets a new world for the next one.
//
// Every mismatch is collected, and the test fails once at the end listing all of them, so
// that one run reports every difference between the rights of the issue and the API's.

const { server, users } = useAppServer({
  users: PEOPLE,
  env: { INVITATION_RATE_LIMIT_PER_HOUR: "1000000", MAX_LISTS_PER_USER: "100000", MAX_TASKS_PER_USER: "0" },
});

const VIAS: readonly Via[] = ["cookie", "jwt"];

type Outcome = { status: number; body: unknown; text: string };

/** Why the answer is not the expected one, or undefined when it is. */
function mismatch(expected: Expect, got: Outcome): string | undefined {
  if (got.status !== expected.status) return `expected ${expected.status}, got ${got.status} ${got.text.slice(0, 300)}`;
  try {
    if (expected.check) expected.check(got.body);
    else if (expected.body === undefined) expect(got.text).toBe("");
    else expect(got.body).toEqual(expected.body);
  } catch (error) {
    return `status ${got.status} as expected, body differs: ${(error as Error).message.split("\n").slice(0, 12).join(" ")} got ${got.text.slice(0, 300)}`;
  }
  return undefined;
}

describe("permission matrix", () => {
  it("every endpoint x method x role x credential answers as the rights say, and refusals change nothing", async () => {
    const started = Date.now();
    const corners = await ownCorners(server, users);
    let world: World = await buildWorld(server, users, corners);
    // The world as it was after the last cell: unchanged, it is the next cell's "before".
    let current: Snapshot = await snapshot(server, users, world);
    const mismatches: string[] = [];
    let cells = 0;
    let rebuilds = 0;
    let ghostChecks = 0;

    const send = async (row: Row, ctx: Ctx, via: Via): Promise<Outcome> => {
      const { method, path, json, body, headers } = row.request(ctx);
      const res = await call(server, method, path, { as: { user: ctx.user, via }, json, body: body === undefined ? undefined : bodyOf(body), headers });
      return { status: res.status, body: res.body, text: res.text };
    };

    for (const row of ROWS) {
      for (const role of ROLES) {
        const cell = row.expect[role];
        if (!cell) continue;
        for (const via of VIAS) {
          cells++;
          const name = `${row.endpoint}${row.target ? ` [${row.target}]` : ""} as ${role} by ${via}`;
          const ctx: Ctx = { world, role, user: users[NAMES[role]], users };
          const expected = cell(ctx);
          const before = { world: current, mine: await ownTask(server, users, world, role) };
          const got = await send(row, ctx, via);
          const wrong = mismatch(expected, got);
          if (wrong) mismatches.push(`${name}: ${wrong}`);
          if (expected.hidden) {
            // The same request with ids that name nothing, by the same caller.
            ghostChecks++;
            const ghost = await send(row, { ...ctx, world: ghostOf(world) }, via);
            if (ghost.status !== got.status || ghost.text !== got.text) {
              mismatches.push(`${name}: not the answer for an id that does not exist (${ghost.status} ${ghost.text}) but ${got.status} ${got.text}`);
            }
          }
          const after = { world: await snapshot(server, users, world), mine: await ownTask(server, users, world, role) };
          current = after.world;
          const changed = !isDeepStrictEqual(before, after);
          if (changed && expected.status >= 400) mismatches.push(`${name}: refused (${got.status}) but the data changed`);
          if (changed) {
            // A move took the caller's own task: give them another one.
            if (!isDeepStrictEqual(before.mine, after.mine)) {
              corners.mine[role] = (await call(server, "POST", "/api/tasks", { as: { user: ctx.user, via: "jwt" }, json: { title: `${role}'s own` } })).body;
            }
            world = await buildWorld(server, users, corners, world);
            current = await snapshot(server, users, world);
            rebuilds++;
          }
        }
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(
      `[security] permission matrix: ${ROWS.length} rows, ${cells} cells (${ghostChecks} compared with a missing id), ${rebuilds} worlds rebuilt, ${seconds} s; ${mismatches.length} mismatches`,
    );
    for (const m of mismatches) console.info(`[security] mismatch: ${m}`);
    expect(mismatches).toEqual([]);
  }, 300_000);
});


describe("child resources through their parent, and revocation", () => {
  const jwt = (name: keyof typeof users) => ({ as: { user: users[name], via: "jwt" as const } });

  it("a task, invitation, member, tag, comment or file of another list is a 404 under this one, and nothing of either list changes", async () => {
    const corners = await ownCorners(server, users);
    const world = await buildWorld(server, users, corners);
    // A second list of Owner's, where Stranger is an admin: Stranger has rights, only not here.
    const other = await createList(server, users.Owner, { name: "Other" });
    await share(server, users.Owner, other.id, users.Stranger, "admin");
    const otherTask = await createTask(server, users.Owner, { title: "Other task", listId: other.id, completed: true });
    const otherInvitation = await invite(server, users.Owner, other.id, users.Invitee.email, "viewer");
    // Issue 12's children of the other list: its tag, and a comment and a file on its task.
    const otherTag = (await call(server, "POST", `/api/lists/${other.id}/tags`, { ...jwt("Owner"), json: { name: "elsewhere" } })).body;
    const otherComment = (await call(server, "POST", `/api/tasks/${otherTask.id}/comments`, { ...jwt("Owner"), json: { body: "Elsewhere" } })).body;
    const otherFile = await upload(server, otherTask.id, fileForm("elsewhere"), { user: users.Owner, via: "jwt" });
    expect([otherTag.id, otherComment.id, otherFile.status]).toEqual([UUID, UUID, 201]);
    // The comment is part of the task (its count): read it again.
    Object.assign(otherTask, (await call(server, "GET", `/api/tasks/${otherTask.id}`, jwt("Owner"))).body);
    const before = [await snapshot(server, users, world), await snapshot(server, users, { ...world, listId: other.id })];

    const refusals: [string, string, keyof typeof users, unknown, unknown][] = [
      // An invitation of the other list, cancelled through this one: by the owner of both, and by an admin of one each.
      ["DELETE", `/api/lists/${world.listId}/invitations/${otherInvitation.id}`, "Owner", undefined, problems.invitationNotFound],
      ["DELETE", `/api/lists/${world.listId}/invitations/${otherInvitation.id}`, "Admin", undefined, problems.invitationNotFound],
      ["DELETE", `/api/lists/${other.id}/invitations/${world.invitationId}`, "Stranger", undefined, problems.invitationNotFound],
      // A member of the other list only, through this one.
      ["PATCH", `/api/lists/${world.listId}/members/${users.Stranger.id}`, "Owner", { role: "viewer" }, problems.memberNotFound],
      ["PATCH", `/api/lists/${world.listId}/members/${users.Stranger.id}`, "Admin", { role: "viewer" }, problems.memberNotFound],
      ["DELETE", `/api/lists/${world.listId}/members/${users.Stranger.id}`, "Owner", undefined, problems.memberNotFound],
      ["DELETE", `/api/lists/${world.listId}/members/${users.Stranger.id}`, "Admin", undefined, problems.memberNotFound],
      ["PATCH", `/api/lists/${other.id}/members/${users.Editor.id}`, "Stranger", { role: "viewer" }, problems.memberNotFound],
      ["DELETE", `/api/lists/${other.id}/members/${users.Editor.id}`, "Stranger", undefined, problems.memberNotFound],
      ["POST", `/api/lists/${world.listId}/transfer`, "Owner", { userId: users.Stranger.id }, problems.memberNotFound],
      // A removed member is not a member any more either.
      ["PATCH", `/api/lists/${world.listId}/members/${users.Removed.id}`, "Owner", { role: "editor" }, problems.memberNotFound],
      ["POST", `/api/lists/${world.listId}/transfer`, "Owner", { userId: users.Removed.id }, problems.memberNotFound],
      // Tasks: the other list's task moved into this one by someone who may edit only there.
      ["PATCH", `/api/tasks/${otherTask.id}`, "Stranger", { listId: world.listId }, problems.listNotFound],
      // A batch with a first operation allowed (the other list) and a second one here: all or none.
      [
        "POST",
        "/api/tasks/batch",
        "Stranger",
        { operations: [{ op: "update", id: otherTask.id, body: { title: "x" } }, { op: "delete", id: world.task.id }] },
        problems.inOperation(1, problems.notFound),
      ],
      // A tag of the other list through this one, by the owner of both and by an admin of one each.
      ["PATCH", `/api/lists/${world.listId}/tags/${otherTag.id}`, "Owner", { name: "moved" }, problems.tagNotFound],
      ["DELETE", `/api/lists/${world.listId}/tags/${otherTag.id}`, "Admin", undefined, problems.tagNotFound],
      ["DELETE", `/api/lists/${other.id}/tags/${world.tagId}`, "Stranger", undefined, problems.tagNotFound],
      // A comment or a file of the other list's task under this list's task.
      ["PATCH", `/api/tasks/${world.task.id}/comments/${otherComment.id}`, "Owner", { body: "moved" }, problems.commentNotFound],
      ["DELETE", `/api/tasks/${world.task.id}/comments/${otherComment.id}`, "Owner", undefined, problems.commentNotFound],
      ["DELETE", `/api/tasks/${world.task.id}/attachments/${otherFile.body.id}`, "Owner", undefined, problems.attachments.notFound],
      ["GET", `/api/tasks/${world.task.id}/attachments/${otherFile.body.id}`, "Admin", undefined, problems.attachments.notFound],
      ["DELETE", `/api/tasks/${otherTask.id}/comments/${world.comment.id}`, "Stranger", undefined, problems.commentNotFound],
      // Ids in a body that disagree with the URL are refused, never followed.
      ["PATCH", `/api/lists/${world.listId}/members/${users.Viewer.id}`, "Owner", { role: "viewer", userId: users.Stranger.id }, problems.validation([{ path: "userId", message: "Unknown or read-only field." }])],
      ["PATCH", `/api/tasks/${world.task.id}`, "Owner", { id: otherTask.id, title: "x" }, problems.validation([{ path: "id", message: "Unknown or read-only field." }])],
      ["PATCH", `/api/lists/${world.listId}`, "Owner", { id: other.id, name: "x" }, problems.validation([{ path: "id", message: "Unknown or read-only field." }])],
      ["POST", `/api/lists/${world.listId}/invitations`, "Owner", { email: "x@example.com", role: "viewer", listId: other.id }, problems.validation([{ path: "listId", message: "Unknown or read-only field." }])],
    ];
    const wrong: string[] = [];
    for (const [method, path, who, json, problem] of refusals) {
      const res = await call(server, method, path, { ...jwt(who), json });
      if (!isDeepStrictEqual(res.body, problem)) wrong.push(`${method} ${path} as ${who}: ${res.status} ${res.text}`);
    }
    // The filters of one list never bring another's: Owner is in both.
    const filtered = await call(server, "GET", `/api/tasks?listId=${other.id}`, jwt("Owner"));
    expect(filtered.body).toEqual({ items: [otherTask], nextCursor: null });
    const summary = await call(server, "GET", `/api/tasks/summary?listId=${other.id}`, jwt("Stranger"));
    expect(summary.body).toEqual({ total: 1, pending: 0, completed: 1, overdue: 0, dueToday: 0 });
    expect(wrong).toEqual([]);
    const after = [await snapshot(server, users, world), await snapshot(server, users, { ...world, listId: other.id })];
    expect(after).toEqual(before);
    // The other list's task tagged with the name of this list's tag: matched in its own list (a new tag there), never this one's.
    const tagged = await call(server, "PATCH", `/api/tasks/${otherTask.id}`, { ...jwt("Stranger"), json: { tags: ["HOME"] } });
    expect(tagged.body.tags).toEqual([{ id: UUID, name: "HOME", color: null }]);
    expect(tagged.body.tags[0].id).not.toBe(world.tagId);
    expect((await call(server, "GET", `/api/lists/${world.listId}/tags`, jwt("Owner"))).body).toEqual(before[0]!.tags.body);
    // Clearing the other list's completed tasks leaves this one's completed task alone.
    expect((await call(server, "DELETE", `/api/tasks?status=completed&listId=${other.id}`, jwt("Stranger"))).body).toEqual({ deleted: 1 });
    expect((await call(server, "GET", `/api/tasks/${world.done.id}`, jwt("Owner"))).body).toEqual(world.done);
  });

  it("the addressee alone sees, accepts and declines an invitation", async () => {
    const corners = await ownCorners(server, users);
    const world = await buildWorld(server, users, corners);
    const received = await call(server, "GET", "/api/invitations", jwt("Invitee"));
    expect(received.body.items.filter((i: { id: string }) => i.id === world.invitationId)).toEqual([
      {
        id: world.invitationId,
        list: { id: world.listId, name: "Shared" },
        role: "editor",
        invitedBy: { id: users.Owner.id, name: "Owner" },
        createdAt: ISO,
        expiresAt: ISO,
      },
    ]);
    const accepted = await call(server, "POST", `/api/invitations/${world.invitationId}/accept`, { as: { user: users.Invitee, via: "cookie" } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: world.listId, role: "editor", memberCount: 5, taskCount: 2 });
    // Accepted once: gone, for the addressee too.
    expect((await call(server, "POST", `/api/invitations/${world.invitationId}/accept`, jwt("Invitee"))).body).toEqual(problems.invitationNotFound);
    const again = await invite(server, users.Owner, world.listId, users.Stranger.email, "viewer");
    expect((await call(server, "POST", `/api/invitations/${again.id}/decline`, jwt("Invitee"))).body).toEqual(problems.invitationNotFound);
    expect((await call(server, "POST", `/api/invitations/${again.id}/decline`, jwt("Stranger"))).status).toBe(204);
    expect((await call(server, "GET", `/api/lists/${world.listId}`, jwt("Stranger"))).body).toEqual(problems.listNotFound);
    await call(server, "DELETE", `/api/lists/${world.listId}/members/${users.Invitee.id}`, jwt("Invitee"));
  });

  it("a removal or a demotion holds on the very next request, by a JWT issued before it", async () => {
    const corners = await ownCorners(server, users);
    const world = await buildWorld(server, users, corners);
    // Editor's and Admin's JWTs were issued at sign-up, long before this.
    const issuedBefore = (name: "Editor" | "Admin") => ({ as: { user: users[name], via: "jwt" as const } });
    const sync = await call(server, "GET", "/api/tasks/changes", issuedBefore("Editor"));
    expect((await call(server, "GET", `/api/tasks/${world.task.id}`, issuedBefore("Editor"))).status).toBe(200);

    expect((await call(server, "DELETE", `/api/lists/${world.listId}/members/${users.Editor.id}`, jwt("Owner"))).status).toBe(204);
    expect((await call(server, "GET", `/api/lists/${world.listId}`, issuedBefore("Editor"))).body).toEqual(problems.listNotFound);
    expect((await call(server, "GET", `/api/tasks/${world.task.id}`, issuedBefore("Editor"))).body).toEqual(problems.notFound);
    expect((await call(server, "PATCH", `/api/tasks/${world.task.id}`, { ...issuedBefore("Editor"), json: { title: "x" } })).body).toEqual(problems.notFound);
    expect((await call(server, "GET", `/api/tasks?listId=${world.listId}`, issuedBefore("Editor"))).body).toEqual(problems.listNotFound);
    const feed = await call(server, "GET", `/api/tasks/changes?since=${encodeURIComponent(sync.body.next)}`, issuedBefore("Editor"));
    expect(feed.status).toBe(200);
    // Both reported gone; the feed may send again deletions it sent before (its positions are
    // transactions, held back by any open one on the server: README, Sync), none of them visible.
    expect(feed.body.deleted).toEqual(expect.arrayContaining([world.task.id, world.done.id]));
    expect(feed.body.tasks.filter((t: { listId: string }) => t.listId === world.listId)).toEqual([]);

    expect((await call(server, "PATCH", `/api/lists/${world.listId}/members/${users.Admin.id}`, { ...jwt("Owner"), json: { role: "viewer" } })).status).toBe(200);
    expect((await call(server, "PATCH", `/api/lists/${world.listId}`, { ...issuedBefore("Admin"), json: { name: "x" } })).body).toEqual(
      problems.forbidden("Only the owner and admins of a list can change it."),
    );
    expect((await call(server, "POST", "/api/tasks", { ...issuedBefore("Admin"), json: { title: "x", listId: world.listId } })).body).toEqual(
      problems.forbidden("Viewers of a list cannot add tasks to it."),
    );
    expect((await call(server, "GET", `/api/lists/${world.listId}/invitations`, issuedBefore("Admin"))).body).toEqual(
      problems.forbidden("Only the owner and admins of a list can see its invitations."),
    );
  });
});
