import { attachmentBody, fileForm } from "../support/attachments";
import { problems } from "../support/problems";
import { WORLD_FILE } from "../support/sharing-world";
import type { Ctx, Expect, Request, Row } from "./permission-rows";

// The permission matrix's rows for a task's attachments (issue 12): every member reads the
// list and downloads; editors and above upload and delete; a viewer gets 403; whoever is not
// a member gets the task's own 404, byte for byte the answer for ids that name nothing.

const A = (ctx: Ctx) => `/api/tasks/${ctx.world.task.id}/attachments`;
const ONE = (ctx: Ctx) => `${A(ctx)}/${ctx.world.attachment.id}`;
const hidden = (): Expect => ({ status: 404, body: problems.notFound, hidden: true });
const denied = (detail: string) => (): Expect => ({ status: 403, body: problems.forbidden(detail) });
const writers = ["owner", "admin", "editor"] as const;
const members = [...writers, "viewer"] as const;

function rightsOf(member: (ctx: Ctx) => Expect, viewer?: (ctx: Ctx) => Expect): Row["expect"] {
  const out: Row["expect"] = {};
  for (const role of members) out[role] = role === "viewer" && viewer ? viewer : member;
  out.removed = out.stranger = hidden;
  return out;
}

const newFile = "matrix upload";
const uploadRequest = (ctx: Ctx): Request => {
  const form = fileForm(newFile, "matrix.txt", "text/plain");
  return { method: "POST", path: A(ctx), body: form.body, headers: { "content-type": form.contentType } };
};

export const ATTACHMENT_ROWS: Row[] = [
  {
    endpoint: "GET /api/tasks/{id}/attachments",
    request: (ctx) => ({ method: "GET", path: A(ctx) }),
    expect: rightsOf((ctx) => ({ status: 200, body: { items: [ctx.world.attachment] } })),
  },
  {
    endpoint: "POST /api/tasks/{id}/attachments",
    request: uploadRequest,
    expect: rightsOf(
      (ctx) => ({
        status: 201,
        body: attachmentBody({ taskId: ctx.world.task.id, fileName: "matrix.txt", contentType: "text/plain", data: newFile, by: ctx.user }),
      }),
      denied("Viewers of a list cannot add attachments."),
    ),
  },
  {
    // The world's file is JSON, so its bytes read back as a body.
    endpoint: "GET /api/tasks/{id}/attachments/{attachmentId}",
    request: (ctx) => ({ method: "GET", path: ONE(ctx) }),
    expect: rightsOf(() => ({ status: 200, body: JSON.parse(WORLD_FILE) })),
  },
  {
    endpoint: "DELETE /api/tasks/{id}/attachments/{attachmentId}",
    request: (ctx) => ({ method: "DELETE", path: ONE(ctx) }),
    expect: rightsOf(() => ({ status: 204, body: undefined }), denied("Viewers of a list cannot delete its attachments.")),
  },
];
