import { SORT_CHOICES, type SortChoice } from "../lib/list-query";
import { Field } from "./field";

const LABELS: Record<SortChoice, string> = {
  newest: "Newest",
  oldest: "Oldest",
  updated: "Recently updated",
  due: "Due date",
  priority: "Priority",
  title: "Title A–Z",
};

// While searching, the default order is by relevance, which has no sort of its own.
const BEST_MATCH = "best-match";

type SortSelectProps = { sort: SortChoice | null; searching: boolean; onChange(sort: SortChoice | null): void };

export function SortSelect({ sort, searching, onChange }: SortSelectProps) {
  const value = sort ?? (searching ? BEST_MATCH : "newest");
  function choose(choice: string) {
    // The default order is stored as no sort at all, which keeps the address short and
    // lets a later search fall back to best match.
    const isDefault = choice === BEST_MATCH || (choice === "newest" && !searching);
    onChange(isDefault ? null : (choice as SortChoice));
  }
  return (
    <Field label="Sort by">
      {(control) => (
        <select {...control} name="sort" value={value} onChange={(e) => choose(e.target.value)}>
          {searching && <option value={BEST_MATCH}>Best match</option>}
          {SORT_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {LABELS[choice]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
