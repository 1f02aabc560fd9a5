"use client";

import { useState } from "react";
import { canManageMember, ROLE_NAME } from "../lib/roles";
import type { InvitableRole, ListRole, Member } from "../lib/list-types";
import { ConfirmStep } from "./confirm-step";
import { INVITABLE } from "./share-invite-form";

type ShareMembersProps = {
  members: Member[];
  /** The caller's role in the list, and their id (their own row offers no removal). */
  callerRole: ListRole;
  callerId: string;
  onChangeRole(member: Member, role: InvitableRole): Promise<void>;
  onRemove(member: Member): Promise<void>;
  onTransfer(member: Member): Promise<void>;
};

/** The list's members: a role select and "Remove" where the caller may, "Make owner" for the owner. */
export function ShareMembers({ members, callerRole, callerId, onChangeRole, onRemove, onTransfer }: ShareMembersProps) {
  const [confirming, setConfirming] = useState<{ userId: string; what: "remove" | "transfer" } | null>(null);
  return (
    <ul className="share__people" aria-label="Members">
      {members.map((member) => {
        const manageable = member.userId !== callerId && canManageMember(callerRole, member.role);
        const asking = confirming?.userId === member.userId ? confirming.what : null;
        return (
          <li key={member.userId} className="share__person">
            <span className="share__who">
              <span className="share__name">{member.name}</span> <span className="share__email">{member.email}</span>
              {member.userId === callerId && <span className="share__you"> (you)</span>}
            </span>
            {manageable ? (
              <label className="share__role">
                <span className="visually-hidden">Role of {member.name}</span>
                <select value={member.role} onChange={(e) => void onChangeRole(member, e.target.value as InvitableRole)}>
                  {INVITABLE.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_NAME[r]}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className="share__role">{ROLE_NAME[member.role]}</span>
            )}
            {asking === "remove" && (
              <ConfirmStep
                label={`Remove ${member.name} from the list?`}
                question="Remove?"
                confirmLabel="Remove member"
                pendingLabel="Removing…"
                onConfirm={() => onRemove(member)}
                onCancel={() => setConfirming(null)}
              />
            )}
            {asking === "transfer" && (
              <ConfirmStep
                label={`Make ${member.name} the owner? You become an admin.`}
                question="Make owner? You become an admin."
                confirmLabel="Transfer ownership"
                pendingLabel="Transferring…"
                onConfirm={async () => {
                  await onTransfer(member);
                  setConfirming(null);
                }}
                onCancel={() => setConfirming(null)}
              />
            )}
            {manageable && asking === null && (
              <span className="share__actions">
                {callerRole === "owner" && (
                  <button type="button" className="button button--small" onClick={() => setConfirming({ userId: member.userId, what: "transfer" })}>
                    Make owner<span className="visually-hidden"> {member.name}</span>
                  </button>
                )}
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  onClick={() => setConfirming({ userId: member.userId, what: "remove" })}
                >
                  Remove<span className="visually-hidden"> {member.name}</span>
                </button>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
