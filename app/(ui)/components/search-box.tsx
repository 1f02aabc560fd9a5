"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";

// Long enough to not search at every keystroke, short enough to feel immediate.
const TYPING_PAUSE_MS = 300;
// The API's limit for q; longer searches are refused.
const SEARCH_MAX = 200;

type SearchBoxProps = {
  id: string;
  /** The search the list is showing (from the page's address). */
  value: string;
  onSearch(q: string): void;
};

/**
 * The search field: it searches once typing pauses, at once on Enter, and Escape clears
 * it. What is typed is kept here; `value` is what was last searched for, which can also
 * change from outside (Back, "Clear filters"), and then replaces the text.
 */
export function SearchBox({ id, value, onSearch }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const searched = useRef(value);
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  useEffect(() => {
    if (value === searched.current) return; // our own search, coming back through the URL
    searched.current = value;
    setText(value);
  }, [value]);

  function search(raw: string) {
    const q = raw.trim();
    if (q === searched.current) return;
    searched.current = q;
    onSearchRef.current(q);
  }

  useEffect(() => {
    const timer = setTimeout(() => search(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault(); // the toolbar's form has nothing to submit
      search(text);
    } else if (event.key === "Escape" && text !== "") {
      event.preventDefault();
      setText("");
      search("");
    }
  }

  return (
    <div className="field toolbar__search">
      <label htmlFor={id} className="field__label">
        Search tasks
      </label>
      <input
        id={id}
        type="search"
        name="q"
        autoComplete="off"
        enterKeyHint="search"
        maxLength={SEARCH_MAX}
        placeholder="Words in the title or description"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={handleKeyDown}
      />
    </div>
  );
}
