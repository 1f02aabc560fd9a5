import type { CreateListBody, List } from "@/lib/client";

// The lists' shapes as the UI uses them, all from the SDK's generated types (lib/client):
// a contract change is a type error here.

export type { Invitation, Member, ReceivedInvitations } from "@/lib/client";

/** A list as GET /api/lists answers it, with the caller's role. */
export type TaskList = List;
export type ListRole = List["role"];
export type InvitableRole = Exclude<ListRole, "owner">;
export type ListBody = CreateListBody;
