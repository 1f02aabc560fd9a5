import { z } from "zod";
import { keysetPageQuery } from "@/lib/history/schemas";
import { storedText } from "@/lib/tasks/fields";
import { showsNothing } from "@/lib/text/visible";

// Request shapes of /api/tasks/{id}/comments; the answers are in responses.ts. Objects are
// strict: an id in a body (taskId, authorId...) is a 422 naming it, never followed.

export const COMMENT_MAX = 5000;

// Line breaks are \n and \r\n; every other control character is refused, tabs and a lone
// \r included (a \r alone is a line break to some clients and not to others).
const COMMENT_FORBIDDEN = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]|\r(?!\n)/;

// Trimmed like a title, so that what counts against the limit is what shows; counted in
// code points, as the database's char_length check is.
const body = storedText(COMMENT_FORBIDDEN)
  .trim()
  .min(1, "Must not be empty.")
  .max(COMMENT_MAX, `At most ${COMMENT_MAX} characters.`)
  .refine((s) => s === "" || !showsNothing(s), "Must not be empty.")
  .describe(
    `Trimmed; 1-${COMMENT_MAX} characters counted as Unicode code points, at least one of them visible; ` +
      "line breaks (\\n, \\r\\n) allowed, other control characters (tabs included) not.",
  );

// 5000 code points can be 20,000 bytes of UTF-8 (astral characters), or 60,000 written as
// \u escapes: more than the API's 16 KiB bodies, so a comment's body has its own limit.
export const COMMENT_BODY_MAX_BYTES = 64 * 1024;

export const createCommentBody = z.strictObject({ body });
export type CreateCommentBody = z.infer<typeof createCommentBody>;

export const updateCommentBody = z.strictObject({ body });
export type UpdateCommentBody = z.infer<typeof updateCommentBody>;

export const COMMENTS_PAGE_MAX = 100;
export const COMMENTS_PAGE_DEFAULT = 50;

export const listCommentsQuery = keysetPageQuery(COMMENTS_PAGE_MAX, COMMENTS_PAGE_DEFAULT);
export type ListCommentsQuery = z.infer<typeof listCommentsQuery>;
