"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../lib/api-client";
import { describeError } from "../lib/error-view";
import { ROLE_NAME } from "../lib/roles";
import type { Invitation, Member, TaskList } from "../lib/list-types";
import { Feedback } from "./feedback";
import { ShareInviteForm } from "./share-invite-form";
import { ShareMembers } from "./share-members";

type ShareDialogProps = {
  list: TaskList;
  callerId: string;
  /** The list's members or owner changed: the sidebar's counts and roles are read again. */
  onListChanged(): void;
  checkSession(error: unknown): void;
  onClose(): void;
};

/**
 * Sharing one list (admin or owner): invite by email with a role, the pending invitations
 * (cancel), the members (role changes, removal; the owner can hand the list over). A modal
 * <dialog>: the browser keeps focus inside it, and Escape closes it.
 */
export function ShareDialog({ list, callerId, onListChanged, checkSession, onClose }: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[] | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const report = useCallback(
    (e: unknown, what: string) => {
      checkSession(e);
      setError(`${what}: ${describeError(e).message}`);
    },
    [checkSession],
  );

  const load = useCallback(async () => {
    try {
      const [m, i] = await Promise.all([api.members.list(list.id), api.invitations.pending(list.id)]);
      setMembers(m.items);
      setInvitations(i.items);
    } catch (e) {
      report(e, "Could not load who the list is shared with");
    }
  }, [list.id, report]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one change, says what happened, and reads the members and invitations again. */
  async function change(run: () => Promise<unknown>, done: string, failed: string) {
    setError(null);
    try {
      await run();
      setStatus(done);
      onListChanged();
    } catch (e) {
      report(e, failed);
    }
    await load();
  }

  return (
    <dialog ref={dialog} className="share" aria-labelledby="share-heading" onClose={onClose}>
      <div className="share__header">
        <h2 id="share-heading" className="card__title">
          Share “{list.name}”
        </h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      <Feedback status={status} error={error} />

      <ShareInviteForm
        onInvite={async (email, role) => {
          setError(null);
          const invitation = await api.invitations.send(list.id, { email, role });
          setStatus(`Invited ${invitation.email} as ${ROLE_NAME[invitation.role].toLowerCase()}.`);
          await load();
        }}
      />

      <h3 className="share__heading">Pending invitations</h3>
      {invitations === null ? (
        <p className="loading">Loading…</p>
      ) : invitations.length === 0 ? (
        <p className="summary-note">None.</p>
      ) : (
        <ul className="share__people" aria-label="Pending invitations">
          {invitations.map((inv) => (
            <li key={inv.id} className="share__person">
              <span className="share__who">{inv.email}</span>
              <span className="share__role">{ROLE_NAME[inv.role]}</span>
              <button
                type="button"
                className="button button--small button--danger-quiet"
                onClick={() =>
                  void change(() => api.invitations.cancel(list.id, inv.id), `Cancelled the invitation to ${inv.email}.`, "Could not cancel it")
                }
              >
                Cancel invitation<span className="visually-hidden"> to {inv.email}</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3 className="share__heading">Members</h3>
      {members === null ? (
        <p className="loading">Loading…</p>
      ) : (
        <ShareMembers
          members={members}
          callerRole={list.role}
          callerId={callerId}
          onChangeRole={(m, role) =>
            change(() => api.members.update(list.id, m.userId, { role }), `${m.name} is now ${ROLE_NAME[role].toLowerCase()}.`, `Could not change ${m.name}'s role`)
          }
          onRemove={(m) => change(() => api.members.remove(list.id, m.userId), `Removed ${m.name}.`, `Could not remove ${m.name}`)}
          onTransfer={(m) => change(() => api.lists.transfer(list.id, m.userId), `${m.name} is now the owner.`, "Could not transfer the list")}
        />
      )}
    </dialog>
  );
}
