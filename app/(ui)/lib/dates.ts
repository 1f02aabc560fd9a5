// Due dates: the date input speaks "YYYY-MM-DD"; the API stores a date as midnight UTC
// and returns ISO date-times. A due date at exactly midnight UTC is treated as a plain
// calendar day (shown without a time, in UTC so it never shifts a day); any other
// time was set deliberately through the API and is shown in the reader's time zone.

const MIDNIGHT_UTC = "T00:00:00.000Z";

export function isDateOnly(iso: string): boolean {
  return iso.endsWith(MIDNIGHT_UTC);
}

/** The value for <input type="date">: the UTC calendar day. */
export function toDateInputValue(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "";
}

export function formatDueDate(iso: string): string {
  const date = new Date(iso);
  return isDateOnly(iso)
    ? date.toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" })
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Past due: a calendar day before today (where the reader is), or a time already gone. */
export function isOverdue(iso: string, now: Date = new Date()): boolean {
  if (!isDateOnly(iso)) return new Date(iso).getTime() < now.getTime();
  return iso.slice(0, 10) < localDay(now);
}

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
