"use client";

import { useState, type MouseEvent } from "react";
import type { ListBody, TaskList } from "../lib/list-types";
import { ListForm } from "./list-form";

type ListSidebarProps = {
  /** null while the first answer is on its way. */
  lists: TaskList[] | null;
  loadError: string | null;
  /** The list shown (its id), or null for every list. */
  selected: string | null;
  onSelect(listId: string | null): void;
  onCreate(body: ListBody): Promise<void>;
};

/**
 * Every list the person is in: "All lists", then the server's order (Inbox, their own
 * lists, then those shared with them, marked with the owner's name), each with its task
 * count. The entries are links (?list=…), so they can open in a new tab; a plain click
 * switches in place.
 */
export function ListSidebar({ lists, loadError, selected, onSelect, onCreate }: ListSidebarProps) {
  const [creating, setCreating] = useState(false);
  const own = lists?.filter((l) => l.role === "owner") ?? [];
  const shared = lists?.filter((l) => l.role !== "owner") ?? [];
  const total = lists?.reduce((sum, l) => sum + l.taskCount, 0);

  const entry = (listId: string | null, content: React.ReactNode, count: number | undefined) => (
    <a
      href={listId ? `/?list=${encodeURIComponent(listId)}` : "/"}
      className="list-nav__link"
      aria-current={selected === listId ? "page" : undefined}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // a new tab or window
        e.preventDefault();
        onSelect(listId);
      }}
    >
      <span className="list-nav__name">{content}</span>
      {count !== undefined && (
        <span className="list-nav__count">
          {count}
          <span className="visually-hidden"> {count === 1 ? "task" : "tasks"}</span>
        </span>
      )}
    </a>
  );

  const item = (list: TaskList) => (
    <li key={list.id}>
      {entry(
        list.id,
        <>
          <span className="list-dot" style={list.color ? { background: list.color } : undefined} aria-hidden="true" />
          {list.name}
          {list.role !== "owner" && (
            <span className="list-nav__shared">
              <span aria-hidden="true">⇄ </span>Shared by {list.owner.name}
            </span>
          )}
        </>,
        list.taskCount,
      )}
    </li>
  );

  return (
    <nav className="card sidebar" aria-labelledby="lists-heading">
      <h2 id="lists-heading" className="card__title">
        Lists
      </h2>
      {loadError && (
        <p role="alert" className="form-error">
          {loadError}
        </p>
      )}
      {lists === null && !loadError && <p className="loading">Loading lists…</p>}
      <ul className="list-nav" aria-label="My lists">
        <li>{entry(null, "All lists", total)}</li>
        {own.map(item)}
      </ul>
      {shared.length > 0 && (
        <>
          <h3 id="shared-lists-heading" className="list-nav__heading">
            Shared with me
          </h3>
          <ul className="list-nav" aria-labelledby="shared-lists-heading">
            {shared.map(item)}
          </ul>
        </>
      )}
      {creating ? (
        <ListForm
          label="New list"
          submitLabel="Create list"
          pendingLabel="Creating…"
          autoFocus
          onSubmit={async (body) => {
            await onCreate(body);
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : (
        <button type="button" className="button button--small button--block" onClick={() => setCreating(true)}>
          New list
        </button>
      )}
    </nav>
  );
}
