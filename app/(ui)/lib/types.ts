// The wire shapes of the HTTP API, as the browser sees them. Declared here rather than
// imported from the server code: the UI's contract is the JSON, not the server's modules.

export const PRIORITIES = ["low", "medium", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

export type Task = {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: Priority | null;
  /** ISO 8601 UTC; a date-only due date arrives as midnight UTC. */
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
};

export type TaskPage = { items: Task[]; nextCursor: string | null };

export type TaskFilter = "all" | "pending" | "completed";

export type TaskSort = "createdAt" | "updatedAt" | "dueDate" | "priority" | "title";

/**
 * GET /api/tasks's filters and sort, as sent; the cursor and limit are added per page.
 * Instants are ISO strings with a zone. Filters combine with AND.
 */
export type TaskListParams = {
  status: TaskFilter;
  priority?: Priority[];
  /** Inclusive. */
  dueAfter?: string;
  /** Exclusive. */
  dueBefore?: string;
  overdue?: boolean;
  hasDueDate?: boolean;
  q?: string;
  sort?: TaskSort;
  order?: "asc" | "desc";
};

/** GET /api/tasks/summary: counts of all the caller's tasks, whatever the list shows. */
export type TaskSummary = { total: number; pending: number; completed: number; overdue: number; dueToday: number };

/** The writable fields of a task, as a request body. */
export type TaskInput = {
  title: string;
  description: string | null;
  priority: Priority | null;
  /** "YYYY-MM-DD" (midnight UTC) or a full ISO date-time with a zone. */
  dueDate: string | null;
};

export type User = { id: string; name: string; email: string };
