import { requestJson } from "./api";
import type { Task, TaskFilter, TaskInput, TaskPage } from "./types";

// The task endpoints, one function each. Every call throws ApiError on failure.

export const PAGE_SIZE = 50;

export function listTasks(filter: TaskFilter, cursor: string | null, signal?: AbortSignal): Promise<TaskPage> {
  const query = new URLSearchParams({ status: filter, limit: String(PAGE_SIZE) });
  if (cursor) query.set("cursor", cursor);
  return requestJson<TaskPage>("GET", `/api/tasks?${query}`, undefined, signal);
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
