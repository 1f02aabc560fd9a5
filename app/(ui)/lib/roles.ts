import type { ListRole, TaskList } from "./list-types";

// What each role may do, as the server decides it (README, "Rights"): the page offers only
// the controls the caller's role allows. The server checks again on every request; this is
// about not showing buttons that could only fail.

const RANK: Record<ListRole, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };
const atLeast = (role: ListRole, least: ListRole) => RANK[role] >= RANK[least];

export const ROLE_NAME: Record<ListRole, string> = { owner: "Owner", admin: "Admin", editor: "Editor", viewer: "Viewer" };

/** Add, change, complete, move and delete the list's tasks. */
export const canEditTasks = (list: Pick<TaskList, "role">) => atLeast(list.role, "editor");

/** Rename and recolour (not the Inbox). */
export const canRename = (list: Pick<TaskList, "role" | "inbox">) => !list.inbox && atLeast(list.role, "admin");

/** Invite, change roles below owner, remove members (never the Inbox: it is not shareable). */
export const canShare = (list: Pick<TaskList, "role" | "inbox">) => !list.inbox && atLeast(list.role, "admin");

/** Delete the list, transfer it: the owner alone, and never the Inbox. */
export const canDelete = (list: Pick<TaskList, "role" | "inbox">) => !list.inbox && list.role === "owner";

/** Every member but the owner may leave (the owner transfers the list first, or deletes it). */
export const canLeave = (list: Pick<TaskList, "role">) => list.role !== "owner";

/** Whether a member's role is one the caller may change or whose member they may remove. */
export const canManageMember = (caller: ListRole, member: ListRole) => atLeast(caller, "admin") && member !== "owner";

/** Delete anyone's comment: the list's admins and owner (authors edit and delete their own). */
export const canModerate = (list: Pick<TaskList, "role">) => atLeast(list.role, "admin");
