import { problems } from "../support/problems";
import { UUID } from "../support/sharing";
import { denied, is, listNotFound, newTask, noContent, rights, taskNotFound, written, type Ctx, type Row } from "./permission-rows";

// The permission matrix's rows for tags (issue 12): any member reads a list's tags, editors
// and above write them and set a task's; a viewer gets 403, a non-member the 404 of a list
// (or task) that does not exist. The world's list has one tag, "home", on no task.

const TAGS = (ctx: Ctx) => `/api/lists/${ctx.world.listId}/tags`;
const TAG = (ctx: Ctx) => `${TAGS(ctx)}/${ctx.world.tagId}`;
const VIEWERS_CANNOT = "Viewers of a list cannot change its tags.";
const home = (ctx: Ctx, changes: Record<string, unknown> = {}) => ({ id: ctx.world.tagId, name: "home", color: null, taskCount: 0, ...changes });

export const TAG_ROWS: Row[] = [
  {
    endpoint: "GET /api/lists/{id}/tags",
    request: (ctx) => ({ method: "GET", path: TAGS(ctx) }),
    expect: rights({ member: (ctx) => ({ status: 200, body: { items: [home(ctx)] } }), nonMember: listNotFound }),
  },
  {
    endpoint: "POST /api/lists/{id}/tags",
    request: (ctx) => ({ method: "POST", path: TAGS(ctx), json: { name: "errands", color: "red" } }),
    expect: rights({
      writer: is(201, { id: UUID, name: "errands", color: "red", taskCount: 0 }),
      viewer: denied(VIEWERS_CANNOT),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "POST /api/lists/{id}/tags",
    target: "a name the list has, in another case",
    request: (ctx) => ({ method: "POST", path: TAGS(ctx), json: { name: "HOME" } }),
    expect: rights({ writer: is(409, problems.tagNameTaken), viewer: denied(VIEWERS_CANNOT), nonMember: listNotFound }),
  },
  {
    endpoint: "PATCH /api/lists/{id}/tags/{tagId}",
    request: (ctx) => ({ method: "PATCH", path: TAG(ctx), json: { name: "house", color: "teal" } }),
    expect: rights({
      writer: (ctx) => ({ status: 200, body: home(ctx, { name: "house", color: "teal" }) }),
      viewer: denied(VIEWERS_CANNOT),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "DELETE /api/lists/{id}/tags/{tagId}",
    request: (ctx) => ({ method: "DELETE", path: TAG(ctx) }),
    expect: rights({ writer: noContent, viewer: denied(VIEWERS_CANNOT), nonMember: listNotFound }),
  },
  {
    endpoint: "POST /api/tasks",
    target: "{ listId, tags } (one known, one new)",
    request: (ctx) => ({ method: "POST", path: "/api/tasks", json: { title: "Tagged", listId: ctx.world.listId, tags: ["HOME", "new"] } }),
    expect: rights({
      writer: (ctx) => ({
        status: 201,
        body: {
          ...newTask(ctx, "Tagged"),
          tags: [
            { id: ctx.world.tagId, name: "home", color: null },
            { id: UUID, name: "new", color: null },
          ],
        },
      }),
      viewer: denied("Viewers of a list cannot add tasks to it."),
      nonMember: listNotFound,
    }),
  },
  {
    endpoint: "PATCH /api/tasks/{id}",
    target: "the list's task tagged by name (one known, one new)",
    request: (ctx) => ({ method: "PATCH", path: `/api/tasks/${ctx.world.task.id}`, json: { tags: ["Home", "new"] } }),
    expect: rights({
      writer: (ctx) => ({
        status: 200,
        body: written(ctx, ctx.world.task, {
          tags: [
            { id: ctx.world.tagId, name: "home", color: null },
            { id: UUID, name: "new", color: null },
          ],
        }),
      }),
      viewer: denied("Viewers of a list cannot change its tasks."),
      nonMember: taskNotFound,
    }),
  },
];
