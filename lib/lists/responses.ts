import { z } from "zod";
import { INVITABLE_ROLES, LIST_ROLES } from "@/db/schema";

// What /api/lists and /api/invitations answer, as zod schemas: the types of the code that
// builds the answers are inferred from them and the OpenAPI document is generated from
// them. Objects are strict, so a field added in code but not here fails the contract test.

const utcTime = z.iso.datetime({ precision: 3 });
const count = z.int().min(0);
const person = z.strictObject({ id: z.string(), name: z.string() });

export const listResponse = z.strictObject({
  id: z.string(),
  name: z.string(),
  color: z.string().regex(/^#[0-9a-f]{6}$/).nullable(),
  inbox: z.boolean().describe("The account's Inbox: not deletable, not shareable, not renamable."),
  role: z.enum(LIST_ROLES).describe("The caller's role in the list."),
  owner: person,
  memberCount: count.describe("Members, the owner included."),
  taskCount: count,
  createdAt: utcTime,
  updatedAt: utcTime.describe("The last change of its name or colour."),
});
export type ListJson = z.infer<typeof listResponse>;

export const listPageResponse = z.strictObject({
  items: z.array(listResponse).describe("The Inbox first, then the lists the caller owns, then those shared with them, each by creation."),
  nextCursor: z.string().nullable().describe("Pass back as `cursor` for the next page; null on the last one."),
});
export type ListPageJson = z.infer<typeof listPageResponse>;

const inviter = person.nullable().describe("Who sent (or last renewed) it; null once that account is gone.");

export const invitationResponse = z.strictObject({
  id: z.string(),
  listId: z.string(),
  email: z.string().describe("Lower case."),
  role: z.enum(INVITABLE_ROLES),
  invitedBy: inviter,
  createdAt: utcTime,
  expiresAt: utcTime,
});
export type InvitationJson = z.infer<typeof invitationResponse>;

export const invitationListResponse = z.strictObject({ items: z.array(invitationResponse) });
export type InvitationListJson = z.infer<typeof invitationListResponse>;

export const receivedInvitationResponse = z.strictObject({
  id: z.string(),
  list: z.strictObject({ id: z.string(), name: z.string() }),
  role: z.enum(INVITABLE_ROLES),
  invitedBy: inviter,
  createdAt: utcTime,
  expiresAt: utcTime,
});
export type ReceivedInvitationJson = z.infer<typeof receivedInvitationResponse>;

export const receivedInvitationsResponse = z.strictObject({
  items: z.array(receivedInvitationResponse).describe("Pending and unexpired, newest first; at most 100."),
  verificationRequired: z
    .boolean()
    .describe("True when the server sends email (SMTP) and this account's address is not verified yet: items is empty until it is."),
});
export type ReceivedInvitationsJson = z.infer<typeof receivedInvitationsResponse>;

export const memberResponse = z.strictObject({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(LIST_ROLES),
  joinedAt: utcTime,
});
export type MemberJson = z.infer<typeof memberResponse>;

export const memberListResponse = z.strictObject({
  items: z.array(memberResponse).describe("Every member, the owner first, then by joining time."),
});
export type MemberListJson = z.infer<typeof memberListResponse>;
