import type { TaskFilter } from "../lib/types";

const FILTERS: { value: TaskFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "completed", label: "Completed" },
];

/** Toggle buttons (aria-pressed): which tasks the list shows. */
export function TaskFilters({ value, onChange }: { value: TaskFilter; onChange(filter: TaskFilter): void }) {
  return (
    <div role="group" aria-label="Show tasks" className="filters">
      {FILTERS.map((filter) => (
        <button
          key={filter.value}
          type="button"
          className="filters__button"
          aria-pressed={filter.value === value}
          onClick={() => onChange(filter.value)}
        >
          {filter.label}
        </button>
      ))}
    </div>
  );
}
