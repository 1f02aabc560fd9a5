import type { ErrorView } from "../lib/error-view";

// The API names the offending query parameter (errors[].path); say it in the page's words.
const CONTROL_NAMES: Record<string, string> = {
  q: "Search",
  priority: "Priority",
  dueAfter: "Due",
  dueBefore: "Due",
  overdue: "Due",
  hasDueDate: "Due",
  sort: "Sort by",
  order: "Sort by",
  status: "Show tasks",
  cursor: "Load more",
};

type ListErrorProps = {
  error: ErrorView;
  onRetry(): void;
  onClearFilters(): void;
  /** Set while one list is shown: a 404 then means it is not (or no longer) the person's. */
  onShowAllLists?: () => void;
};

/**
 * A list that could not load. A 400 means the filters themselves were refused (a search
 * too long, an edited address): trying again would fail again, so the way out is to
 * clear them. A 404 for one list (removed, deleted, or never theirs) will not come back
 * either: the way out is every list.
 */
export function ListError({ error, onRetry, onClearFilters, onShowAllLists }: ListErrorProps) {
  const details = Object.entries(error.fieldErrors).map(([path, message]) => `${CONTROL_NAMES[path] ?? path}: ${message}`);
  const refused = error.status === 400;
  return (
    <div role="alert" className="form-error">
      <p>{error.message}</p>
      {details.length > 0 && (
        <ul className="form-error__details">
          {details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
      {error.status === 404 && onShowAllLists ? (
        <button type="button" className="button button--small" onClick={onShowAllLists}>
          Show all lists
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={refused ? onClearFilters : onRetry}>
          {refused ? "Clear filters" : "Try again"}
        </button>
      )}
    </div>
  );
}
