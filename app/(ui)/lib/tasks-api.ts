import { ApiError, requestJson } from "./api";
import type { Task, TaskInput, TaskListParams, TaskPage, TaskSummary } from "./types";

// The task endpoints, one function each. Every call throws ApiError on failure.

export const PAGE_SIZE = 50;

export function listTasks(params: TaskListParams, cursor: string | null, signal?: AbortSignal): Promise<TaskPage> {
  const query = new URLSearchParams({ status: params.status, limit: String(PAGE_SIZE) });
  if (params.priority) query.set("priority", params.priority.join(","));
  if (params.dueAfter) query.set("dueAfter", params.dueAfter);
  if (params.dueBefore) query.set("dueBefore", params.dueBefore);
  if (params.overdue !== undefined) query.set("overdue", String(params.overdue));
  if (params.hasDueDate !== undefined) query.set("hasDueDate", String(params.hasDueDate));
  if (params.q) query.set("q", params.q);
  if (params.sort) query.set("sort", params.sort);
  if (params.order) query.set("order", params.order);
  if (cursor) query.set("cursor", cursor);
  return requestJson<TaskPage>("GET", `/api/tasks?${query}`, undefined, signal);
}

/** Counts of all the caller's tasks; "due today" is today where the browser is. */
export async function getTaskSummary(signal?: AbortSignal): Promise<TaskSummary> {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    return await requestJson<TaskSummary>("GET", `/api/tasks/summary?tz=${encodeURIComponent(zone)}`, undefined, signal);
  } catch (error) {
    // A zone name the server does not know (its time zone data is older than the
    // browser's): counting today in UTC is better than no counts at all.
    if (error instanceof ApiError && error.status === 400 && error.fieldErrors.tz) {
      return requestJson<TaskSummary>("GET", "/api/tasks/summary", undefined, signal);
    }
    throw error;
  }
}

export function createTask(input: TaskInput): Promise<Task> {
  return requestJson<Task>("POST", "/api/tasks", input);
}

/** PATCH: only the fields given change, so an untouched due time survives an edit. */
export function updateTask(id: string, changes: Partial<TaskInput>): Promise<Task> {
  return requestJson<Task>("PATCH", `/api/tasks/${encodeURIComponent(id)}`, changes);
}

export function setTaskCompleted(id: string, completed: boolean): Promise<Task> {
  return requestJson<Task>("PATCH", `/api/tasks/${encodeURIComponent(id)}/complete`, { completed });
}

export function deleteTask(id: string): Promise<void> {
  return requestJson<void>("DELETE", `/api/tasks/${encodeURIComponent(id)}`);
}

/** Deletes every completed task of the caller in one statement; resolves to how many. */
export async function clearCompletedTasks(): Promise<number> {
  return (await requestJson<{ deleted: number }>("DELETE", "/api/tasks?status=completed")).deleted;
}
