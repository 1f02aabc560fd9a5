import type { TagMode } from "../lib/types";

type TagFilterProps = {
  /** The tags there are to filter by (the list on screen's, or every list's). */
  names: string[];
  selected: string[];
  mode: TagMode;
  onChange(change: { tags?: string[]; tagMode?: TagMode }): void;
};

const same = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * A checkbox per tag (none ticked: any tags, or none), and with two or more ticked, whether a
 * task needs any of them or all. A tag named in the address that no list has any more stays
 * offered, ticked, so the filter on screen is always the one applied.
 */
export function TagFilter({ names, selected, mode, onChange }: TagFilterProps) {
  const offered = [...names, ...selected.filter((s) => !names.some((n) => same(n, s)))];
  if (offered.length === 0) return null;
  const isSelected = (name: string) => selected.some((s) => same(s, name));
  function toggle(name: string, on: boolean) {
    onChange({ tags: on ? [...selected, name] : selected.filter((s) => !same(s, name)) });
  }
  return (
    <fieldset className="chips">
      <legend className="field__label">Tags</legend>
      <div className="chips__options">
        {offered.map((name) => (
          <label key={name} className="chip">
            <input type="checkbox" className="chip__box" name="tag" value={name} checked={isSelected(name)} onChange={(e) => toggle(name, e.target.checked)} />
            {name}
          </label>
        ))}
        {selected.length > 1 && (
          <label className="chip chip--select">
            <span className="visually-hidden">Tasks with</span>
            <select name="tagMode" value={mode} onChange={(e) => onChange({ tagMode: e.target.value === "all" ? "all" : "any" })}>
              <option value="any">any of these tags</option>
              <option value="all">all of these tags</option>
            </select>
          </label>
        )}
      </div>
    </fieldset>
  );
}
