import type { DueChoice } from "../lib/due-ranges";
import { Field } from "./field";

// In the select's order; "" is no filter.
const OPTIONS: { value: DueChoice | ""; label: string }[] = [
  { value: "", label: "Any due date" },
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Due today" },
  { value: "week", label: "Next 7 days" },
  { value: "none", label: "No due date" },
];

export function DueFilter({ due, onChange }: { due: DueChoice | null; onChange(due: DueChoice | null): void }) {
  return (
    <Field label="Due">
      {(control) => (
        <select {...control} name="due" value={due ?? ""} onChange={(e) => onChange((e.target.value || null) as DueChoice | null)}>
          {OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
