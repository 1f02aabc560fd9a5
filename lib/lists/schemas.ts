import { z } from "zod";
import { INVITABLE_ROLES } from "@/db/schema";
import { pageLimit, storedText } from "@/lib/tasks/fields";
import { showsNothing } from "@/lib/text/visible";

// Request shapes of /api/lists and /api/invitations (bodies and queries); the answers are
// in responses.ts. Objects are strict: an id or a field the server owns in a body (ownerId,
// listId, userId...) is a 422 naming it, never followed.

export const LIST_NAME_MAX = 100;
export const EMAIL_MAX = 255;

// Like a task's title: one line, trimmed, counted in code points (as char_length is).
const name = storedText()
  .trim()
  .min(1, "Must not be empty.")
  .max(LIST_NAME_MAX, `At most ${LIST_NAME_MAX} characters.`)
  .refine((s) => s === "" || !showsNothing(s), "Must not be empty.")
  .describe(
    `Trimmed; 1-${LIST_NAME_MAX} characters counted as Unicode code points, at least one of them visible; no control characters.`,
  );

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "Must be a colour written #rrggbb, or null.")
  .transform((c) => c.toLowerCase())
  .nullable()
  .describe("`#rrggbb` (stored and returned in lower case), or null for none.");

export const createListBody = z.strictObject({ name, color: color.optional() });
export type CreateListBody = z.infer<typeof createListBody>;

export const updateListBody = z
  .strictObject({
    name: name.optional().describe("The new name. The Inbox cannot be renamed (409)."),
    color: color.optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.color !== undefined, { error: "Give at least one field to change." });
export type UpdateListBody = z.infer<typeof updateListBody>;

export const LISTS_PAGE_MAX = 200;
export const LISTS_PAGE_DEFAULT = 100;

export const listListsQuery = z.strictObject({
  limit: pageLimit(LISTS_PAGE_MAX, LISTS_PAGE_DEFAULT),
  cursor: z.string().max(200).optional(),
});
export type ListListsQuery = z.infer<typeof listListsQuery>;

const role = z
  .enum(INVITABLE_ROLES, { error: "Must be one of admin, editor, viewer." })
  .describe("admin, editor or viewer: ownership is transferred, never given.");

// Matched against the invitee's account email, lower-cased on both sides.
const email = z
  .string()
  .trim()
  .max(EMAIL_MAX, `At most ${EMAIL_MAX} characters.`)
  .pipe(z.email("Must be an email address."))
  .transform((e) => e.toLowerCase())
  .describe(`The invitee's email address, at most ${EMAIL_MAX} characters; compared without regard to case.`);

export const createInvitationBody = z.strictObject({ email, role });
export type CreateInvitationBody = z.infer<typeof createInvitationBody>;

export const updateMemberBody = z.strictObject({ role });
export type UpdateMemberBody = z.infer<typeof updateMemberBody>;

export const transferListBody = z.strictObject({
  userId: z.string().max(255).describe("The member who becomes the owner; the caller becomes an admin."),
});
export type TransferListBody = z.infer<typeof transferListBody>;
