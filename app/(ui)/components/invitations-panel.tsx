"use client";

import { useCallback, useEffect, useState } from "react";
import { api, isAbort } from "../lib/api-client";
import { describeError } from "../lib/error-view";
import { ROLE_NAME } from "../lib/roles";
import type { ReceivedInvitations, TaskList } from "../lib/list-types";

type InvitationsPanelProps = {
  email: string;
  /** Accepted: the list is the person's now (the sidebar reads its lists again). */
  onJoined(list: TaskList): void;
  /** The board's status line: one live region for the page, not one per panel. */
  setStatus(message: string): void;
  checkSession(error: unknown): void;
};

/**
 * The person's pending invitations, with accept and decline; nothing at all when there are
 * none. No one joins a list without saying yes here. With mail configured, invitations
 * wait until the address is verified: the panel says so rather than showing none.
 */
export function InvitationsPanel({ email, onJoined, setStatus, checkSession }: InvitationsPanelProps) {
  const [received, setReceived] = useState<ReceivedInvitations | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setReceived(await api.invitations.received({ signal }));
      } catch (e) {
        if (isAbort(e)) return;
        checkSession(e);
        setError(`Could not load your invitations: ${describeError(e).message}`);
      }
    },
    [checkSession],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function answer(id: string, listName: string, accept: boolean) {
    if (busy) return;
    setBusy(id);
    setError(null);
    try {
      if (accept) {
        const { list } = await api.invitations.accept(id);
        onJoined(list);
        setStatus(`You joined “${list.name}”.`);
      } else {
        await api.invitations.decline(id);
        setStatus(`Declined the invitation to “${listName}”.`);
      }
    } catch (e) {
      checkSession(e);
      setError(`Could not answer the invitation to “${listName}”: ${describeError(e).message}`);
    } finally {
      setBusy(null);
      await load();
    }
  }

  const items = received?.items ?? [];
  const show = items.length > 0 || received?.verificationRequired || error;
  if (!show) return null;
  return (
    <section className="card invitations" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading" className="card__title">
        Invitations{" "}
        {items.length > 0 && (
          <span className="count-badge">
            {items.length}
            <span className="visually-hidden"> pending</span>
          </span>
        )}
      </h2>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {received?.verificationRequired && (
        <p className="notice">Invitations sent to {email} are shown once you have verified your email address (see the link we sent you).</p>
      )}
      {items.length > 0 && (
        <ul className="share__people" aria-label="Pending invitations to you">
          {items.map((inv) => (
            <li key={inv.id} className="share__person">
              <span className="share__who">
                {inv.invitedBy ? `${inv.invitedBy.name} invited you` : "You are invited"} to “{inv.list.name}” as{" "}
                {ROLE_NAME[inv.role].toLowerCase()}.
              </span>
              <span className="share__actions">
                <button type="button" className="button button--small button--primary" aria-disabled={busy === inv.id || undefined} onClick={() => void answer(inv.id, inv.list.name, true)}>
                  Accept<span className="visually-hidden"> the invitation to “{inv.list.name}”</span>
                </button>
                <button type="button" className="button button--small" aria-disabled={busy === inv.id || undefined} onClick={() => void answer(inv.id, inv.list.name, false)}>
                  Decline<span className="visually-hidden"> the invitation to “{inv.list.name}”</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
