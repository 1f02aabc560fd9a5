import { withUser } from "@/lib/http/with-user";
import { readJson } from "@/lib/http/read-json";
import { readQuery } from "@/lib/http/read-query";
import { otherMethods } from "@/lib/http/methods";
import { COMMENT_BODY_MAX_BYTES, createCommentBody, listCommentsQuery } from "@/lib/comments/schemas";
import { addComment, listComments } from "@/lib/comments/store";

type Params = { id: string };

// GET /api/tasks/:id/comments: the task's comments, oldest first, one page ({ items, nextCursor })
export const GET = withUser<Params>(async (req, { user, params }) => {
  const query = readQuery(req, listCommentsQuery);
  return Response.json(await listComments(user.id, params.id, query));
});

// POST /api/tasks/:id/comments: comment on the task (editor and above); 201 with Location
export const POST = withUser<Params>(async (req, { user, params }) => {
  const body = await readJson(req, createCommentBody, COMMENT_BODY_MAX_BYTES);
  const comment = await addComment(user.id, params.id, body);
  return Response.json(comment, { status: 201, headers: { Location: `/api/tasks/${comment.taskId}/comments/${comment.id}` } });
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
