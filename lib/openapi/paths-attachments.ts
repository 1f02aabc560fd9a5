import { ATTACHMENT_LIMITS } from "@/lib/config";
import { DOWNLOAD_CSP } from "@/lib/http/attachment-responses";
import { CHANGE, operation, ref, SIGNED_IN } from "./operation";
import type { Paths } from "./types";

// A task's attachments: /api/tasks/{id}/attachments and /api/tasks/{id}/attachments/{attachmentId}.
// Reached through the task: a task the caller cannot see is a 404 for all of them; reading
// is for every member, uploading and deleting for editors and above (403 for a viewer).

const MIB = 1024 * 1024;

const downloadHeaders = {
  "Content-Length": { description: "The file's size in bytes.", required: true, schema: { type: "string", pattern: "^\\d+$" } },
  "Content-Disposition": {
    description: "Always `attachment`, with the name as `filename` (ASCII, anything else as `_`) and exactly as `filename*` (UTF-8).",
    required: true,
    schema: { type: "string", pattern: "^attachment; " },
  },
  "Content-Security-Policy": {
    description: "Nothing in the file may run, load or be framed, should a browser render it anyway.",
    required: true,
    schema: { type: "string", const: DOWNLOAD_CSP },
  },
};

export function attachmentPaths(): Paths {
  const ids = [ref.parameter("TaskId"), ref.parameter("AttachmentId")];
  return {
    "/api/tasks/{id}/attachments": {
      get: operation({
        id: "listAttachments",
        summary: "List a task's attachments",
        description: "Oldest first; every member of the task's list may read them.",
        tag: "tasks",
        parameters: [ref.parameter("TaskId")],
        responses: { 200: { description: "The task's attachments.", schema: "AttachmentList" } },
        problems: ["not_found", ...SIGNED_IN],
      }),
      post: operation({
        id: "uploadAttachment",
        summary: "Attach a file to a task",
        description:
          `multipart/form-data with exactly one part, a file named \`file\`, of at most ATTACHMENT_MAX_BYTES (${ATTACHMENT_LIMITS.maxBytes / MIB} MiB by default), ` +
          "streamed to the store as it arrives. It counts against the storage quota of the list's owner (ATTACHMENT_QUOTA_BYTES) " +
          "and the task's bound (ATTACHMENTS_PER_TASK). Whatever is refused stores nothing. Editors and above.",
        tag: "tasks",
        parameters: [ref.parameter("TaskId")],
        body: { schema: "UploadAttachmentBody", mediaType: "multipart/form-data" },
        responses: {
          201: { description: "The attachment as stored.", schema: "Attachment", headers: { Location: ref.header("Location") } },
        },
        problems: [
          "not_found",
          "forbidden",
          "invalid_multipart",
          "payload_too_large",
          "unsupported_media_type",
          "validation_failed",
          "attachment_limit_reached",
          "storage_quota_reached",
          ...CHANGE,
        ],
      }),
    },
    "/api/tasks/{id}/attachments/{attachmentId}": {
      get: operation({
        id: "downloadAttachment",
        summary: "Download an attachment",
        description: "The bytes, streamed, with the type it was stored with; always a download, never a page of this origin.",
        tag: "tasks",
        parameters: ids,
        responses: { 200: { description: "The file.", bytes: "The file's bytes.", headers: downloadHeaders } },
        problems: ["not_found", ...SIGNED_IN],
      }),
      delete: operation({
        id: "deleteAttachment",
        summary: "Delete an attachment",
        description: "Its bytes leave the store and the owner's quota. Editors and above.",
        tag: "tasks",
        parameters: ids,
        responses: { 204: { description: "Deleted; the attachment is a 404 from now on." } },
        problems: ["not_found", "forbidden", ...CHANGE],
      }),
    },
  };
}
