import { z } from "zod";

// The form an upload takes, for the OpenAPI document. Its body is not JSON and is never
// buffered, so no zod parse reads it: lib/http/read-multipart.ts enforces this shape (one
// part, a file named `file`) while the bytes stream past.
export const uploadAttachmentBody = z.strictObject({
  file: z.string().meta({
    contentMediaType: "application/octet-stream",
    description:
      "The file: its part's `filename` becomes the attachment's name, its `Content-Type` the stored type. Up to ATTACHMENT_MAX_BYTES (10 MiB by default).",
  }),
});
