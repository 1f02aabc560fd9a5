import type { HistoryEntry } from "@/lib/client";
import { isDateOnly } from "./dates";

// A task's history as sentences a person reads ("Bob completed this", "Alice changed the
// due date from 3 May to 5 May"), from the API's entries ({ action, actor, changes }). Pure:
// the timeline component adds the time and the markup.

type Changes = NonNullable<HistoryEntry["changes"]>;

/** How a list id in a move is named: the list's name when the reader has it. */
export type ListNamer = (listId: string) => string | undefined;

const FIELD_NAME = { title: "the title", description: "the description", priority: "the priority", dueDate: "the due date" } as const;
type Field = keyof typeof FIELD_NAME;
const FIELDS = Object.keys(FIELD_NAME) as Field[];

const PRIORITY_WORD = { low: "low", medium: "medium", high: "high" } as const;

/** What one entry says, its actor's name first. */
export function describeEntry(entry: HistoryEntry, listName: ListNamer = () => undefined): string {
  const who = entry.actor.name;
  const changes = entry.changes ?? {};
  switch (entry.action) {
    case "created":
      return `${who} created this`;
    case "completed":
      return `${who} completed this`;
    case "reopened":
      return `${who} reopened this`;
    case "commented":
      return `${who} commented`;
    case "deleted":
      return `${who} deleted this`;
    case "moved":
      return `${who} moved this${describeMove(changes, listName)}`;
    case "tagged":
      return `${who} ${describeTagging(changes)}`;
    case "updated":
      return `${who} ${describeUpdate(changes)}`;
  }
}

function describeMove(changes: Changes, listName: ListNamer): string {
  if (!changes.listId) return "";
  const from = listName(changes.listId.from);
  const to = listName(changes.listId.to);
  // A list the reader is not in (any more) has no name for them: say only what they know.
  if (from && to) return ` from ${from} to ${to}`;
  if (to) return ` to ${to}`;
  return "";
}

function describeTagging(changes: Changes): string {
  const from = changes.tags?.from ?? [];
  const to = changes.tags?.to ?? [];
  const folded = (names: string[]) => new Set(names.map((n) => n.toLocaleLowerCase()));
  const before = folded(from);
  const after = folded(to);
  const added = to.filter((n) => !before.has(n.toLocaleLowerCase()));
  const removed = from.filter((n) => !after.has(n.toLocaleLowerCase()));
  const parts = [
    added.length > 0 && `added ${tagWord(added)} ${quotedList(added)}`,
    removed.length > 0 && `removed ${tagWord(removed)} ${quotedList(removed)}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" and ") : "changed the tags";
}

const tagWord = (names: string[]) => (names.length === 1 ? "the tag" : "the tags");

function describeUpdate(changes: Changes): string {
  const parts: string[] = FIELDS.flatMap((field) => {
    const change = changes[field];
    return change ? [describeFieldChange(field, change.from, change.to)] : [];
  });
  // Completion changed together with other fields: the same words as its own entry.
  if (changes.completed) parts.push(changes.completed.to ? "completed it" : "reopened it");
  return parts.length > 0 ? joinClauses(parts) : "edited this";
}

function describeFieldChange(field: Field, from: string | null, to: string | null): string {
  const name = FIELD_NAME[field];
  // A description is prose: quoting it whole would drown the timeline.
  if (field === "description") {
    if (from === null) return "added a description";
    if (to === null) return "removed the description";
    return "changed the description";
  }
  const show = (value: string) => fieldValue(field, value);
  if (from === null && to !== null) return `set ${name} to ${show(to)}`;
  if (to === null && from !== null) return `removed ${name} (was ${show(from)})`;
  return `changed ${name} from ${show(from ?? "")} to ${show(to ?? "")}`;
}

function fieldValue(field: Field, value: string): string {
  if (field === "dueDate") return historyDate(value);
  if (field === "priority") return PRIORITY_WORD[value as keyof typeof PRIORITY_WORD] ?? value;
  return `“${value}”`;
}

/** A due date in the timeline: the day (and the time, if one was set) without the weekday. */
export function historyDate(iso: string): string {
  const date = new Date(iso);
  return isDateOnly(iso)
    ? date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })
    : date.toLocaleString(undefined, { day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" });
}

function quotedList(names: string[]): string {
  return joinClauses(names.map((n) => `“${n}”`));
}

/** "a", "a and b", "a, b and c". */
function joinClauses(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "2 minutes ago", "yesterday", "3 weeks ago": how long ago `iso` was. */
export function timeAgo(iso: string, now: Date = new Date(), locale?: string): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  // A clock a little ahead of the reader's is "just now", never "in 3 seconds".
  if (seconds < 45) return "just now";
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return format.format(-1, "minute");
}
