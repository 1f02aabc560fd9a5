import type { ListQuery } from "../lib/list-query";
import { DueFilter } from "./due-filter";
import { PriorityFilter } from "./priority-filter";
import { SearchBox } from "./search-box";
import { SortSelect } from "./sort-select";
import { TagFilter } from "./tag-filter";
import type { UpdateListQuery } from "./use-list-query";

export const SEARCH_INPUT_ID = "task-search";

type ListToolbarProps = { query: ListQuery; tagNames: string[]; onChange: UpdateListQuery };

/** Search, sort and the due, priority and tag filters, as one search landmark. */
export function ListToolbar({ query, tagNames, onChange }: ListToolbarProps) {
  return (
    <form role="search" aria-label="Search and filter tasks" className="toolbar" onSubmit={(e) => e.preventDefault()}>
      <SearchBox
        id={SEARCH_INPUT_ID}
        value={query.q}
        // Refining a search replaces its history entry; starting or clearing one adds an
        // entry, so Back returns to the list before the search, not to every word typed.
        onSearch={(q) => onChange({ q }, { replace: q !== "" && query.q !== "" })}
      />
      <div className="toolbar__row">
        <SortSelect sort={query.sort} searching={query.q !== ""} onChange={(sort) => onChange({ sort })} />
        <DueFilter due={query.due} onChange={(due) => onChange({ due })} />
        <PriorityFilter selected={query.priorities} onChange={(priorities) => onChange({ priorities })} />
      </div>
      <TagFilter names={tagNames} selected={query.tags} mode={query.tagMode} onChange={onChange} />
    </form>
  );
}
