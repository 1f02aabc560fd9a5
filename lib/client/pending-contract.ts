import type { operations } from "./api-types";
import type { Priority } from "./schemas";

// PENDING CONTRACT FIX (the "query parameters carry their real types" change to
// lib/openapi). Until it lands, the document types every query parameter as the string
// the server parses (limit: string, overdue: "true" | "false", priority: string), so the
// generated types would not let a caller write `limit: 10` or `priority: ["high"]`.
// The client is written against the final contract: these types say number, boolean and
// Priority[] while the generated ones are strings, and turn into the generated types
// themselves once they are not. After that change is merged and `npm run sdk:generate`
// has been run, delete this file and take the queries from ./api-types (schemas.ts).
// Nothing else depends on it but lib/client/task-methods.ts.

type Final<Generated, Wanted> = [NonNullable<Generated>] extends [string] ? Wanted : Generated;

type GeneratedListQuery = NonNullable<operations["listTasks"]["parameters"]["query"]>;
type GeneratedChangesQuery = NonNullable<operations["listTaskChanges"]["parameters"]["query"]>;

/** GET /api/tasks's query: every filter optional, combined with AND. */
export type ListTasksQuery = Omit<GeneratedListQuery, "limit" | "overdue" | "hasDueDate" | "priority"> & {
  limit?: Final<GeneratedListQuery["limit"], number>;
  overdue?: Final<GeneratedListQuery["overdue"], boolean>;
  hasDueDate?: Final<GeneratedListQuery["hasDueDate"], boolean>;
  /** Sent as one comma-separated parameter (style form, explode false): priority=high,low. */
  priority?: Final<GeneratedListQuery["priority"], Priority[]>;
};

/** GET /api/tasks/changes's query. */
export type TaskChangesQuery = Omit<GeneratedChangesQuery, "limit"> & {
  limit?: Final<GeneratedChangesQuery["limit"], number>;
};

/**
 * The query as the generated types want it. The values are sent the same either way (the
 * query serializer writes 10, true and high,low); only the types disagree until the fix.
 */
export const listQueryOnWire = (query: ListTasksQuery) => query as unknown as GeneratedListQuery;
export const changesQueryOnWire = (query: TaskChangesQuery) => query as unknown as GeneratedChangesQuery;
