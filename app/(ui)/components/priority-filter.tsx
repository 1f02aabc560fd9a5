import { PRIORITIES, type Priority } from "../lib/types";

// Most urgent first, as a person reads them; the query keeps the API's order.
const CHOICES: { value: Priority; label: string }[] = [
  { value: "high", label: "High" },
  { value: "medium", label: "Medium" },
  { value: "low", label: "Low" },
];

type PriorityFilterProps = { selected: Priority[]; onChange(priorities: Priority[]): void };

/** A checkbox per priority; none ticked means any priority, or none. */
export function PriorityFilter({ selected, onChange }: PriorityFilterProps) {
  function toggle(priority: Priority, on: boolean) {
    onChange(PRIORITIES.filter((p) => (p === priority ? on : selected.includes(p))));
  }
  return (
    <fieldset className="chips">
      <legend className="field__label">Priority</legend>
      <div className="chips__options">
        {CHOICES.map(({ value, label }) => (
          <label key={value} className="chip">
            <input type="checkbox" className="chip__box" name="priority" value={value} checked={selected.includes(value)} onChange={(e) => toggle(value, e.target.checked)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
