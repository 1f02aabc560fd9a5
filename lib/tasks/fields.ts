import { z } from "zod";
import { PRIORITIES, type Priority } from "@/db/schema";
import { withWireType } from "@/lib/wire-type";

// Field builders shared by the bodies (schemas.ts) and the queries (list-query.ts,
// schemas.ts): one definition each of a printable text, an instant, a page limit, a flag
// and a priority list. Query builders carry their wire type (lib/wire-type.ts): the value
// a client means, beside the parser of the text it sends.

// C0 controls and DEL. PostgreSQL cannot store NUL in text (a 500 otherwise), and a
// one-line field (a title, a search) has no use for tabs or line breaks either.
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// In a /u regex a surrogate range matches only unpaired halves, which PostgreSQL would
// silently turn into U+FFFD.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** A string without the given control characters (by default: all of them). */
export function withoutControlCharacters(forbidden: RegExp = CONTROL_CHARACTERS) {
  return z.string().refine((s) => !forbidden.test(s), "Must not contain control characters.");
}

/** Stored text: no forbidden control characters, and valid Unicode. */
export function storedText(forbidden: RegExp = CONTROL_CHARACTERS) {
  return withoutControlCharacters(forbidden).refine((s) => !LONE_SURROGATE.test(s), "Must be valid Unicode text.");
}

/**
 * The instants the API takes, in UTC once an offset is applied: years 1 to 9999, what an
 * answer's four-digit ISO 8601 year can write (toISOString gives "+010000-..." past it).
 * PostgreSQL holds more, but refuses year 0000 (there is none: 1 BC comes before 1 AD).
 */
const FIRST_INSTANT = "0001-01-01T00:00:00.000Z";
const LAST_INSTANT = "9999-12-31T23:59:59.999Z";
export const INSTANT_RANGE = {
  first: new Date(FIRST_INSTANT),
  last: new Date(LAST_INSTANT),
  /** For descriptions: the range, as the error message names it. */
  text: `from ${FIRST_INSTANT} to ${LAST_INSTANT} (in UTC, once the offset is applied)`,
} as const;

const withinInstantRange = (date: Date) => date >= INSTANT_RANGE.first && date <= INSTANT_RANGE.last;

/**
 * An instant: an ISO 8601 date-time with seconds and a zone (`2026-05-01T17:00:00Z`,
 * `2026-05-01T19:00:00.5+02:00`), or a calendar date (`2026-05-01`, taken as midnight UTC),
 * within INSTANT_RANGE. In a query string "+" means a space: an offset goes as %2B02:00.
 */
export const instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).",
  })
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s))
  .refine(withinInstantRange, `Must be ${INSTANT_RANGE.text}.`);

/**
 * A page size from 1 to max, fallback when absent. Written in plain decimal digits, at
 * most as many as max has (leading zeros allowed): no signs, exponents or spaces.
 */
export function pageLimit(max: number, fallback: number) {
  const whole = `Must be a whole number from 1 to ${max}.`;
  const range = `Must be from 1 to ${max}.`;
  const parser = z
    .string()
    .regex(new RegExp(`^\\d{1,${String(max).length}}$`), whole)
    .transform(Number)
    .pipe(z.number().min(1, range).max(max, range))
    .default(fallback);
  return withWireType(parser, z.int().min(1).max(max).default(fallback));
}

/** true or false, spelled exactly so. */
export function flag() {
  const parser = z.enum(["true", "false"], { error: "Must be true or false." }).transform((v) => v === "true");
  return withWireType(parser, z.boolean());
}

export const PRIORITY_LIST = "Must be one or more of low, medium, high, comma-separated, each at most once.";

/**
 * Priorities, comma-separated, each at most once. Normalised to the canonical order, so
 * that priority=high,low and priority=low,high are the same filter (and accept each
 * other's cursors).
 */
export function priorityList() {
  const parser = z.string().transform((value, ctx): Priority[] => {
    const given = value.split(",");
    const known = PRIORITIES.filter((p) => given.includes(p));
    if (known.length !== given.length) {
      ctx.addIssue({ code: "custom", message: PRIORITY_LIST });
      return z.NEVER;
    }
    return known;
  });
  return withWireType(parser, z.array(z.enum(PRIORITIES)).min(1).max(PRIORITIES.length).meta({ uniqueItems: true }));
}

/**
 * ?listId=: one list of the caller's instead of all of them (the list, the summary, the
 * clearing of completed tasks). Any string up to the column's 255 characters: one that
 * names no list of the caller's, a malformed one included, is the same 404 as a list that
 * does not exist (the data layer asks the database only about uuids).
 */
export function listFilter(what: string) {
  return z
    .string()
    .max(255, "At most 255 characters.")
    .optional()
    .describe(`${what} A list's id (GET /api/lists); not a member of it: 404, as for a list that does not exist.`);
}
