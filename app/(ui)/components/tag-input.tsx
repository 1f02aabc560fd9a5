"use client";

import { useId, useState, type KeyboardEvent } from "react";
import type { ControlProps } from "./field";

// The API's bounds for a task's tags (lib/tags/schemas.ts): at most 20 names, no commas
// (the filter's separator). Longer names are the server's to refuse, with its message.
const TAGS_MAX = 20;

type TagInputProps = {
  control: ControlProps;
  value: string[];
  onChange(names: string[]): void;
  /** The list's tag names, offered as the person types. */
  suggestions: string[];
};

const same = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * Tags as chips with type-to-add: Enter or a comma adds what was typed (a name the list has
 * not got is created by the server on save), Backspace in the empty box takes the last one
 * off, and each chip has its own remove button. The list's own tags are offered through a
 * <datalist>, the browser's accessible suggestion list.
 */
export function TagInput({ control, value, onChange, suggestions }: TagInputProps) {
  const [text, setText] = useState("");
  const listId = useId();

  function add(raw: string) {
    const name = raw.trim();
    setText("");
    if (name === "" || value.some((n) => same(n, name)) || value.length >= TAGS_MAX) return;
    // Typed in another case than the list's tag: use the list's spelling.
    onChange([...value, suggestions.find((s) => same(s, name)) ?? name]);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" || event.key === ",") {
      // Enter adds a tag instead of saving the form while something is typed.
      if (text.trim() === "" && event.key === "Enter") return;
      event.preventDefault();
      add(text);
    } else if (event.key === "Backspace" && text === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  const offered = suggestions.filter((s) => !value.some((n) => same(n, s)));
  return (
    <div className="tag-input">
      {value.length > 0 && (
        <ul className="tags" aria-label="Chosen tags">
          {value.map((name) => (
            <li key={name} className="tag tag--chosen">
              {name}
              <button type="button" className="tag__remove" aria-label={`Remove tag ${name}`} onClick={() => onChange(value.filter((n) => n !== name))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        {...control}
        name="tags"
        type="text"
        autoComplete="off"
        list={listId}
        placeholder={value.length >= TAGS_MAX ? `At most ${TAGS_MAX} tags` : "Type a tag, then Enter"}
        value={text}
        onChange={(e) => {
          const typed = e.target.value;
          // A suggestion picked from the list arrives whole, as a replacement (Chromium) or
          // as a plain event (Firefox): add it at once. Typed to the end, it waits for Enter:
          // "home" may be on its way to "homework".
          const native = e.nativeEvent;
          const picked = !(native instanceof InputEvent) || native.inputType === "insertReplacementText";
          if (picked && offered.includes(typed)) return add(typed);
          if (typed.includes(",")) return add(typed.replace(/,/g, ""));
          setText(typed);
        }}
        onKeyDown={handleKeyDown}
        // What was typed and not yet added is kept when focus leaves, as a tag.
        onBlur={() => text.trim() !== "" && add(text)}
      />
      <datalist id={listId}>
        {offered.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  );
}
