import type { Task, TaskListParams } from "./types";

/**
 * Whether a task the person just changed still belongs in a list fetched with `params`,
 * so the list can follow their edits without asking the server again. Every filter is
 * checked as the server defines it, except the search: its word and accent rules are the
 * database's, so a changed task is assumed to still match (it stays until the next load).
 */
export function matchesFilters(task: Task, params: TaskListParams, now: Date = new Date()): boolean {
  if (params.status !== "all" && task.completed !== (params.status === "completed")) return false;
  if (params.priority && (task.priority === null || !params.priority.includes(task.priority))) return false;
  const due = task.dueDate === null ? null : Date.parse(task.dueDate);
  if (params.hasDueDate !== undefined && (due !== null) !== params.hasDueDate) return false;
  if (params.dueAfter && (due === null || due < Date.parse(params.dueAfter))) return false;
  if (params.dueBefore && (due === null || due >= Date.parse(params.dueBefore))) return false;
  if (params.overdue !== undefined && isOverdueForServer(task, due, now) !== params.overdue) return false;
  if (params.tag && !matchesTags(task, params.tag, params.tagMode ?? "any")) return false;
  return true;
}

// The server matches names ignoring case and accents (the database's tasks_title_key). Here
// the same two are folded the browser's way (marks dropped, lower case): the rare letter the
// two fold differently is put right by the next load, as an edited search match is.
function matchesTags(task: Task, wanted: string[], mode: "any" | "all"): boolean {
  const fold = (name: string) => name.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  const carried = new Set(task.tags.map((t) => fold(t.name)));
  const hit = (name: string) => carried.has(fold(name));
  return mode === "all" ? wanted.every(hit) : wanted.some(hit);
}

// The API's overdue: due before this instant and not completed. (The "Overdue" flag on a
// task counts a date-only due date by the reader's calendar day instead: dates.ts.)
function isOverdueForServer(task: Task, due: number | null, now: Date): boolean {
  return due !== null && due < now.getTime() && !task.completed;
}
