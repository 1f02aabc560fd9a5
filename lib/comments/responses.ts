import { z } from "zod";
import { accountResponse } from "@/lib/history/actor";

// What /api/tasks/{id}/comments answers, as zod schemas: the types of the code that builds
// the answers are inferred from them and the OpenAPI document is generated from them.

const utcTime = z.iso.datetime({ precision: 3 });

export const commentResponse = z.strictObject({
  id: z.uuid().describe("UUIDv7: ids sort by creation time."),
  taskId: z.string(),
  body: z.string(),
  author: accountResponse,
  createdAt: utcTime,
  editedAt: utcTime.nullable().describe("When its author last changed it; null if never."),
});
export type CommentJson = z.infer<typeof commentResponse>;

export const commentPageResponse = z.strictObject({
  items: z.array(commentResponse).describe("Oldest first."),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last one."),
});
export type CommentPageJson = z.infer<typeof commentPageResponse>;
