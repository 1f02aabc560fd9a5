import type { ReactNode } from "react";
import { Feedback } from "./feedback";

type TaskSectionProps = {
  id: string;
  title: string;
  status?: string;
  error: string | null;
  children: ReactNode;
};

/** One part of a task's page (comments, files, history): a heading, its own status and errors. */
export function TaskSection({ id, title, status, error, children }: TaskSectionProps) {
  return (
    <section className="task-section" aria-labelledby={id}>
      <h3 id={id} className="task-section__title">
        {title}
      </h3>
      <Feedback status={status} error={error} />
      {children}
    </section>
  );
}

/** A section's items: "Loading…" until they come (nothing more if the load failed), or why there are none. */
export function Loaded<T>({ items, failed, loading, empty, children }: {
  items: T[] | null;
  failed: boolean;
  loading: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  if (items === null) return failed ? null : <p className="loading">{loading}</p>;
  if (items.length === 0) return <p className="summary-note">{empty}</p>;
  return <>{children(items)}</>;
}
