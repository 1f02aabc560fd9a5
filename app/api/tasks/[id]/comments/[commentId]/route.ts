import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { noContent } from "@/lib/http/responses";
import { otherMethods } from "@/lib/http/methods";
import { COMMENT_BODY_MAX_BYTES, updateCommentBody } from "@/lib/comments/schemas";
import { deleteComment, editComment } from "@/lib/comments/store";

type Params = { id: string; commentId: string };

// PATCH /api/tasks/:id/comments/:commentId: change one's own comment's body; sets editedAt
export const PATCH = withUser<Params>(async (req, { user, params }) => {
  const body = await readJson(req, updateCommentBody, COMMENT_BODY_MAX_BYTES);
  return Response.json(await editComment(user.id, params.id, params.commentId, body));
});

// DELETE /api/tasks/:id/comments/:commentId: its author, or the list's admins and owner; 204
export const DELETE = withUser<Params>(async (_req, { user, params }) => {
  await deleteComment(user.id, params.id, params.commentId);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { GET, HEAD, POST, PUT, OPTIONS } = otherMethods("PATCH", "DELETE");
