"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { listQueryToSearch, parseListQuery, type ListQuery } from "../lib/list-query";

/** Resolves to whether anything changed (choosing the option already chosen changes nothing). */
export type UpdateListQuery = (changes: Partial<ListQuery>, options?: { replace?: boolean }) => boolean;

const fromAddress = () => parseListQuery(new URLSearchParams(window.location.search));

/**
 * The list's filters, mirrored in the page's query string so that a reload, Back and
 * Forward show the same list. The state is React's own, updated at once: Next.js does
 * follow pushState into useSearchParams, but in a transition, so a ticked checkbox would
 * untick until it lands. The address is read once (on the server too, so the first render
 * matches), then written on every change and read again when Back or Forward moves it.
 */
export function useListQuery(): [ListQuery, UpdateListQuery] {
  const params = useSearchParams();
  const [query, setQuery] = useState(() => parseListQuery(params));
  // The newest query, for changes made before React renders the previous one (a select,
  // then the search box's delayed update): each builds on the last.
  const latest = useRef(query);

  useEffect(() => {
    function onPopState() {
      const next = fromAddress();
      if (listQueryToSearch(next) === listQueryToSearch(latest.current)) return;
      latest.current = next;
      setQuery(next);
    }
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const update = useCallback<UpdateListQuery>((changes, { replace = false } = {}) => {
    const next = { ...latest.current, ...changes };
    const search = listQueryToSearch(next);
    if (search === listQueryToSearch(latest.current)) return false;
    latest.current = next;
    setQuery(next);
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
    return true;
  }, []);

  return [query, update];
}
