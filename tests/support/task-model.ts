// What an accepted write should leave behind, by the README's rules, so that a round trip
// can be checked against it: the title trimmed, the description exactly as sent, a date
// as the same instant in ISO 8601 UTC to the millisecond, omitted fields null or false on
// a create or a PUT and unchanged on a PATCH. Written from the rules, not from the server's
// code, so that the server and this model can disagree.

export type TaskJson = {
  id: string;
  /** The list it is in: the caller's Inbox when a create names none (tests/support/inbox.ts). */
  listId: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: string | null;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  /** The account that created it, and the one that wrote it last; null once that account is gone. */
  createdBy: string | null;
  updatedBy: string | null;
  /** Its tags, by name (case and accents folded), then id. */
  tags: { id: string; name: string; color: string | null }[];
  commentCount: number;
};

export type Fields = Pick<TaskJson, "title" | "description" | "completed" | "priority" | "dueDate">;

type Body = Record<string, unknown>;

/** A date (midnight UTC) or a date-time with a zone, as the instant it names. */
export function instantOf(text: string): string {
  return new Date(text.length === 10 ? `${text}T00:00:00Z` : text).toISOString();
}

const dueDateOf = (value: unknown) => (value === null || value === undefined ? null : instantOf(String(value)));

/** POST, and PUT (which replaces every field). */
export function created(body: Body): Fields {
  return {
    title: String(body.title).trim(),
    description: (body.description as string | null | undefined) ?? null,
    completed: (body.completed as boolean | undefined) ?? false,
    priority: (body.priority as string | null | undefined) ?? null,
    dueDate: dueDateOf(body.dueDate),
  };
}

export function patched(previous: Fields, body: Body): Fields {
  const next = { ...previous };
  if ("title" in body) next.title = String(body.title).trim();
  if ("description" in body) next.description = body.description as string | null;
  if ("completed" in body) next.completed = body.completed as boolean;
  if ("priority" in body) next.priority = body.priority as string | null;
  if ("dueDate" in body) next.dueDate = dueDateOf(body.dueDate);
  return next;
}

/** PATCH .../complete: sets it, or toggles it without a body. */
export function completedTo(previous: Fields, body: Body | undefined): Fields {
  return { ...previous, completed: (body?.completed as boolean | undefined) ?? !previous.completed };
}

export function fieldsOf(task: TaskJson): Fields {
  const { title, description, completed, priority, dueDate } = task;
  return { title, description, completed, priority, dueDate };
}

/** What a batch operation does to the caller's tasks: the task it leaves, or the id it deletes. */
export type Effect = { upsert: Fields; id?: string } | { delete: string };

export function batchEffect(operation: Body, current: (id: string) => Fields | undefined): Effect {
  const id = operation.id as string;
  const body = operation.body as Body | undefined;
  switch (operation.op) {
    case "create":
      return { upsert: created(body!) };
    case "update":
      return { upsert: patched(current(id)!, body!), id };
    case "complete":
      return { upsert: completedTo(current(id)!, body), id };
    default:
      return { delete: id };
  }
}
