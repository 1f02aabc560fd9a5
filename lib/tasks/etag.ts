import type { Task } from "@/db/schema";

/**
 * A task's strong ETag: its revision, which changes with every write and survives the round
 * trip exactly (a timestamp read into a JavaScript Date would lose PostgreSQL's microseconds).
 */
export function etagOf(task: Pick<Task, "revision">): string {
  return `"${task.revision}"`;
}

/** What an If-Match or If-None-Match header asks for: any version, or one of these. */
export type Precondition = "*" | number[];

/** Parses an If-Match / If-None-Match list. Weak tags never match (strong comparison). */
export function parsePrecondition(header: string | null): Precondition | undefined {
  if (header === null) return undefined;
  if (header.trim() === "*") return "*";
  const revisions: number[] = [];
  for (const tag of header.split(",")) {
    const match = /^\s*"(\d{1,15})"\s*$/.exec(tag);
    if (match) revisions.push(Number(match[1]));
  }
  return revisions;
}

export function matches(precondition: Precondition, task: Pick<Task, "revision">): boolean {
  return precondition === "*" || precondition.includes(task.revision);
}
