import { listAttachments } from "@/lib/attachments/attachments";
import { uploadAttachment } from "@/lib/attachments/upload";
import { config } from "@/lib/config";
import { attachmentListResponse, createdAttachmentResponse } from "@/lib/http/attachment-responses";
import { otherMethods } from "@/lib/http/methods";
import { multipartFile } from "@/lib/http/read-multipart";
import { withUser } from "@/lib/http/with-user";

type Params = { id: string };

// GET /api/tasks/:id/attachments: the task's attachments, oldest first (any member of its list)
export const GET = withUser<Params>(async (_req, { user, params }) => {
  return attachmentListResponse(await listAttachments(user.id, params.id));
});

// POST /api/tasks/:id/attachments: upload one file (multipart/form-data, part "file"), streamed; 201 (editor and above)
export const POST = withUser<Params>(async (req, { user, params }) => {
  const file = multipartFile(req, config().attachments.maxBytes);
  return createdAttachmentResponse(await uploadAttachment(user.id, params.id, file));
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET", "POST");
