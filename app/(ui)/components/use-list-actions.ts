"use client";

import { api } from "../lib/api-client";
import { describeError } from "../lib/error-view";
import type { ListBody, TaskList } from "../lib/list-types";
import type { Lists } from "./use-lists";

type ListActionsContext = {
  lists: Lists;
  userId: string;
  /** Shows a list (its id) or every list (null). */
  select(listId: string | null): void;
  checkSession(error: unknown): void;
  setStatus(message: string): void;
  setActionError(message: string | null): void;
};

/** Creating, renaming, deleting and leaving lists; each says what happened and re-reads the sidebar. */
export function useListActions({ lists, userId, select, checkSession, setStatus, setActionError }: ListActionsContext) {
  function report(error: unknown, what: string) {
    checkSession(error);
    setActionError(`${what}: ${describeError(error, "something went wrong.").message}`);
  }

  /** Throws the SDK's error: the form shows its field messages. */
  async function create(body: ListBody) {
    setActionError(null);
    try {
      const { list } = await api.lists.create(body);
      await lists.refresh();
      select(list.id);
      setStatus(`Created the list “${list.name}”.`);
    } catch (error) {
      checkSession(error);
      throw error;
    }
  }

  async function rename(list: TaskList, body: ListBody) {
    setActionError(null);
    try {
      const { list: saved } = await api.lists.update(list.id, body);
      await lists.refresh();
      setStatus(`Saved the list “${saved.name}”.`);
    } catch (error) {
      checkSession(error);
      throw error;
    }
  }

  async function remove(list: TaskList) {
    setActionError(null);
    try {
      await api.lists.delete(list.id);
      select(null);
      setStatus(`Deleted the list “${list.name}”.`);
    } catch (error) {
      report(error, `Could not delete “${list.name}”`);
    }
    await lists.refresh();
  }

  async function leave(list: TaskList) {
    setActionError(null);
    try {
      await api.members.remove(list.id, userId);
      select(null);
      setStatus(`You left “${list.name}”.`);
    } catch (error) {
      report(error, `Could not leave “${list.name}”`);
    }
    await lists.refresh();
  }

  /** An invitation was accepted: the list shows in the sidebar, and is opened. */
  async function joined(list: TaskList) {
    await lists.refresh();
    select(list.id);
  }

  return { create, rename, remove, leave, joined };
}
