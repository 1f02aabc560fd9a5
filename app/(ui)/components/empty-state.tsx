import type { TaskFilter } from "../lib/types";

const MESSAGES: Record<TaskFilter, { title: string; hint: string }> = {
  all: { title: "No tasks yet", hint: "Add your first task above." },
  pending: { title: "Nothing pending", hint: "Every task is done. Nice work!" },
  completed: { title: "No completed tasks", hint: "Tick a task's checkbox when it is done." },
};

export function EmptyState({ filter }: { filter: TaskFilter }) {
  const { title, hint } = MESSAGES[filter];
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      <p className="empty__hint">{hint}</p>
    </div>
  );
}
