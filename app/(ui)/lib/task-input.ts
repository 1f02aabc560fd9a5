import { toDateInputValue } from "./dates";
import { PRIORITIES, type Priority, type Task, type TaskInput } from "./types";

/** What the task form edits: plain strings, as the inputs hold them. */
export type TaskDraft = { title: string; description: string; priority: string; dueDate: string; tags: string[] };

export const EMPTY_DRAFT: TaskDraft = { title: "", description: "", priority: "", dueDate: "", tags: [] };

export function draftFromTask(task: Task): TaskDraft {
  return {
    title: task.title,
    description: task.description ?? "",
    priority: task.priority ?? "",
    dueDate: toDateInputValue(task.dueDate),
    tags: task.tags.map((t) => t.name),
  };
}

/**
 * The request body for a draft. Empty optional fields become null (the API's "none"),
 * never "". The title goes as typed: trimming and length rules are the server's, so its
 * message is the one shown.
 */
export function inputFromDraft(draft: TaskDraft): TaskInput {
  return {
    title: draft.title,
    description: draft.description.trim() === "" ? null : draft.description,
    priority: isPriority(draft.priority) ? draft.priority : null,
    dueDate: draft.dueDate === "" ? null : draft.dueDate,
    tags: draft.tags,
  };
}

/**
 * Only the fields an edit actually changed. The due date is compared as a calendar day:
 * a task whose due time was set through the API (17:00Z, say) keeps that time unless the
 * person picks another day.
 */
export function changedFields(task: Task, input: TaskInput): Partial<TaskInput> {
  const changes: Partial<TaskInput> = {};
  if (input.title !== task.title) changes.title = input.title;
  if (input.description !== task.description) changes.description = input.description;
  if (input.priority !== task.priority) changes.priority = input.priority;
  if ((input.dueDate ?? "") !== toDateInputValue(task.dueDate)) changes.dueDate = input.dueDate;
  if (!sameTagNames(input.tags, task.tags.map((t) => t.name))) changes.tags = input.tags;
  return changes;
}

// Renaming "home" to "Home" in the form is the same tag to the server (it ignores case):
// nothing to send.
function sameTagNames(a: string[], b: string[]): boolean {
  const key = (names: string[]) => [...new Set(names.map((n) => n.trim().toLocaleLowerCase()))].sort().join("\n");
  return key(a) === key(b);
}

function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}
