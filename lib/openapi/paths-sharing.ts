import { CHANGE, JSON_BODY, operation, ref, SIGNED_IN } from "./operation";
import type { Paths } from "./types";

// A list's members and invitations (/api/lists/{id}/...), and the invitee's side
// (/api/invitations). Each child is found through its list: one of another list is a 404.

const list = ref.parameter("ListId");

export function sharingPaths(): Paths {
  return {
    "/api/lists/{id}/members": {
      get: operation({
        id: "listMembers",
        summary: "List a list's members",
        description: "Any member. The owner first, then by joining time.",
        tag: "lists",
        parameters: [list],
        responses: { 200: { description: "Every member.", schema: "MemberList" } },
        problems: ["not_found", ...SIGNED_IN],
      }),
    },
    "/api/lists/{id}/members/{userId}": {
      patch: operation({
        id: "updateMember",
        summary: "Change a member's role",
        description: "Admins and the owner, to admin, editor or viewer. The owner's role: 403 for an admin, 409 for the owner (transfer instead).",
        tag: "lists",
        parameters: [list, ref.parameter("MemberId")],
        body: { schema: "UpdateMemberBody" },
        responses: { 200: { description: "The member with the new role.", schema: "Member" } },
        problems: ["not_found", "forbidden", "conflict", ...JSON_BODY, ...CHANGE],
      }),
      delete: operation({
        id: "removeMember",
        summary: "Remove a member, or leave",
        description: "Admins and the owner remove any member but the owner; any member may remove themselves. The owner cannot leave (409).",
        tag: "lists",
        parameters: [list, ref.parameter("MemberId")],
        responses: { 204: { description: "No longer a member: the list is a 404 to them from their next request." } },
        problems: ["not_found", "forbidden", "conflict", ...CHANGE],
      }),
    },
    "/api/lists/{id}/invitations": {
      get: operation({
        id: "listInvitations",
        summary: "List a list's pending invitations",
        description: "Admins and the owner.",
        tag: "invitations",
        parameters: [list],
        responses: { 200: { description: "The pending, unexpired invitations, oldest first.", schema: "InvitationList" } },
        problems: ["not_found", "forbidden", ...SIGNED_IN],
      }),
      post: operation({
        id: "createInvitation",
        summary: "Invite an email address",
        description:
          "Admins and the owner. The answer is the same whether an account has that address or not. Inviting the address again " +
          "renews its invitation (role, inviter, expiry). A member's address is a 409; the Inbox cannot be shared (409). " +
          "At most INVITATION_RATE_LIMIT_PER_HOUR per inviter (429), and MAX_LIST_MEMBERS members and invitations per list (422).",
        tag: "invitations",
        parameters: [list],
        body: { schema: "CreateInvitationBody" },
        responses: { 201: { description: "The invitation.", schema: "Invitation", headers: { Location: ref.header("Location") } } },
        problems: ["not_found", "forbidden", "conflict", "member_limit_reached", ...JSON_BODY, ...CHANGE],
      }),
    },
    "/api/lists/{id}/invitations/{invitationId}": {
      delete: operation({
        id: "cancelInvitation",
        summary: "Cancel an invitation",
        description: "Its inviter, admins and the owner.",
        tag: "invitations",
        parameters: [list, ref.parameter("ListInvitationId")],
        responses: { 204: { description: "Cancelled." } },
        problems: ["not_found", "forbidden", ...CHANGE],
      }),
    },
    "/api/invitations": {
      get: operation({
        id: "listReceivedInvitations",
        summary: "Your pending invitations",
        description:
          "Those sent to your account's email address. When the server sends email (SMTP), only once that address is verified: " +
          "until then `items` is empty and `verificationRequired` true.",
        tag: "invitations",
        responses: { 200: { description: "Newest first, at most 100.", schema: "ReceivedInvitations" } },
        problems: [...SIGNED_IN],
      }),
    },
    "/api/invitations/{id}/accept": {
      post: operation({
        id: "acceptInvitation",
        summary: "Accept an invitation",
        description: "You join the list with the invitation's role; the invitation is gone.",
        tag: "invitations",
        parameters: [ref.parameter("InvitationId")],
        responses: { 200: { description: "The list, as you see it now.", schema: "List", headers: { ETag: ref.header("ETag") } } },
        problems: ["not_found", ...CHANGE],
      }),
    },
    "/api/invitations/{id}/decline": {
      post: operation({
        id: "declineInvitation",
        summary: "Decline an invitation",
        tag: "invitations",
        parameters: [ref.parameter("InvitationId")],
        responses: { 204: { description: "Declined; the invitation is gone." } },
        problems: ["not_found", ...CHANGE],
      }),
    },
  };
}
