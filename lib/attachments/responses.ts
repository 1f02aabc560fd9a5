import { z } from "zod";
import type { Attachment } from "@/db/schema";
import { MAX_FILE_NAME } from "./file-names";

// What /api/tasks/{id}/attachments answers, as zod schemas: the types of the code that
// builds the answers are inferred from them and the OpenAPI document is generated from them.
// Strict objects: a field added in code but not here fails the contract test.

const utcTime = z.iso.datetime({ precision: 3 });

export const attachmentResponse = z.strictObject({
  id: z.uuid(),
  taskId: z.string(),
  fileName: z.string().min(1).max(MAX_FILE_NAME).describe("As uploaded, normalised: its last path segment, no control or bidi-override characters, at most 255 code points."),
  contentType: z.string().describe("The type the upload declared for the file if it was a valid media type, else application/octet-stream."),
  size: z.int().min(0).describe("In bytes."),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe("SHA-256 of the bytes, in hex."),
  uploadedBy: z
    .strictObject({ id: z.string(), name: z.string() })
    .nullable()
    .describe("Who uploaded it; null once that account is gone (show it as a deleted account)."),
  createdAt: utcTime,
});
export type AttachmentJson = z.infer<typeof attachmentResponse>;

export const attachmentListResponse = z.strictObject({
  items: z.array(attachmentResponse).describe("Oldest first; at most ATTACHMENTS_PER_TASK."),
});
export type AttachmentListJson = z.infer<typeof attachmentListResponse>;

/** An attachment row with its uploader's name (null once the account is gone). */
export type AttachmentView = Attachment & { uploaderName: string | null };

export function attachmentJson(a: AttachmentView): AttachmentJson {
  return {
    id: a.id,
    taskId: a.taskId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploadedBy !== null && a.uploaderName !== null ? { id: a.uploadedBy, name: a.uploaderName } : null,
    createdAt: a.createdAt.toISOString(),
  };
}
