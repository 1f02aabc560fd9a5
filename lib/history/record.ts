import type { Executor } from "@/db/client";
import { activity, type ListRole } from "@/db/schema";

// Membership changes in a list's activity, written by lib/lists in the transaction of the
// change itself (task events are written by the database trigger on tasks, and by the
// statements that delete tasks and add comments).

type RoleChange = { from: ListRole | null; to: ListRole | null };

export type MemberEvent =
  | { action: "invited"; email: string; role: ListRole }
  | { action: "joined" | "left" | "removed" | "role_changed"; memberId: string; role: RoleChange };

/** Records `event` in the list's activity, as done by `actorId`. */
export async function recordMemberEvent(db: Executor, listId: string, actorId: string, event: MemberEvent): Promise<void> {
  await db.insert(activity).values(
    event.action === "invited"
      ? { listId, actorId, action: event.action, changes: { email: { from: null, to: event.email }, role: { from: null, to: event.role } } }
      : { listId, actorId, action: event.action, subjectId: event.memberId, changes: { role: event.role } },
  );
}
