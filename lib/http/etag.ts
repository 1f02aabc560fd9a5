import type { Precondition } from "@/lib/tasks/precondition";

// The ETag on the wire, both ways: the tag a task's answers carry, and the If-Match /
// If-None-Match lists a client sends back.

/**
 * A task's strong ETag: its revision, which changes with every write and survives the round
 * trip exactly (a timestamp read into a JavaScript Date would lose PostgreSQL's microseconds).
 */
export function etagOf(task: { revision: number }): string {
  return `"${task.revision}"`;
}

/**
 * Parses an If-Match / If-None-Match list (RFC 9110 13.1). If-Match compares strongly, so a
 * weak tag (W/"5") never matches; If-None-Match compares weakly, so it does.
 */
export function parsePrecondition(header: string | null, comparison: "strong" | "weak"): Precondition | undefined {
  if (header === null) return undefined;
  if (header.trim() === "*") return "*";
  const tag = comparison === "weak" ? /^\s*(?:W\/)?"(\d{1,15})"\s*$/ : /^\s*"(\d{1,15})"\s*$/;
  const revisions: number[] = [];
  for (const item of header.split(",")) {
    const match = tag.exec(item);
    if (match) revisions.push(Number(match[1]));
  }
  return revisions;
}
