import type { AuthUser, CreateTaskBody, ListTasksQuery, Priority } from "@/lib/client";

// The UI's own types. Every shape that crosses the wire comes from the SDK's generated
// types (lib/client), so a contract change breaks `tsc` here rather than the page.

export type { Attachment, Comment, HistoryEntry, Priority, Tag, TagColor, Task, TaskPage, TaskSummary, TaskTag } from "@/lib/client";

// Every priority, in the API's canonical order (low, medium, high: the keys' order). A
// priority added to or removed from the contract is a type error here.
const EVERY_PRIORITY = { low: true, medium: true, high: true } satisfies Record<Priority, true>;
export const PRIORITIES = Object.keys(EVERY_PRIORITY) as Priority[];

export type TaskFilter = NonNullable<ListTasksQuery["status"]>;

export type TaskSort = NonNullable<ListTasksQuery["sort"]>;

export type TagMode = NonNullable<ListTasksQuery["tagMode"]>;

/**
 * GET /api/tasks's filters and sort, as sent; the cursor and limit are added per page.
 * The status is always given (the list's buttons), so that local checks need no default.
 */
export type TaskListParams = Omit<ListTasksQuery, "limit" | "cursor" | "status"> & { status: TaskFilter };

/** The writable fields the task form edits, all given (null for "none", [] for no tags): a create body, and a patch's fields. */
export type TaskInput = Required<Pick<CreateTaskBody, "title" | "description" | "priority" | "dueDate" | "tags">>;

/** Who is signed in, as the header shows it, and whether they have verified their address. */
export type User = Pick<AuthUser, "id" | "name" | "email" | "emailVerified">;
