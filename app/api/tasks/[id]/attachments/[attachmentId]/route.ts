import { deleteAttachment, openAttachment } from "@/lib/attachments/attachments";
import { downloadResponse } from "@/lib/http/attachment-responses";
import { otherMethods } from "@/lib/http/methods";
import { noContent } from "@/lib/http/responses";
import { withUser } from "@/lib/http/with-user";

type Params = { id: string; attachmentId: string };

// GET /api/tasks/:id/attachments/:attachmentId: the file's bytes, streamed, as a download (any member)
export const GET = withUser<Params>(async (_req, { user, params }) => {
  return downloadResponse(await openAttachment(user.id, params.id, params.attachmentId));
});

// DELETE /api/tasks/:id/attachments/:attachmentId: 204, its bytes removed from the store (editor and above)
export const DELETE = withUser<Params>(async (_req, { user, params }) => {
  await deleteAttachment(user.id, params.id, params.attachmentId);
  return noContent();
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, OPTIONS } = otherMethods("GET", "DELETE");
