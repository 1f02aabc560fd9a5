import type { PGlite, QueryOptions, Transaction } from "@electric-sql/pglite";
import type postgres from "postgres";

// Reading timestamps back exactly as they are stored, on both drivers.
//
// Drizzle asks each driver for a timestamp's text and makes it a Date with `new Date(text)`.
// PostgreSQL's text ("0010-01-01 00:00:00+00": DateStyle ISO, the default) is not ISO 8601
// (a space for the T, an offset of hours alone), so V8 reads it with its legacy parser,
// which takes a year below 100 for a two-digit one: 0010 came back as 2001-10-01, 0049 as
// 2049, 0050 as 1950, and keyset cursors carried those wrong keys. parseTimestamp reads
// that text itself; Drizzle passes on a Date it is given as it is.

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;

// Year (four digits or more), date, time, an optional fraction (up to microseconds), an
// optional offset of hours[:minutes[:seconds]] (seconds for local mean time before standard
// time: Asia/Kolkata prints year 10 as +05:53:28), and " BC" for years before 1.
const POSTGRES_TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/;

/**
 * A timestamptz (or a timestamp, taken as UTC as Drizzle does) as PostgreSQL prints it.
 * What no Date can hold (infinity, -infinity, a year past 275760) is an invalid Date.
 */
export function parseTimestamp(text: string): Date {
  const instant = commonTimestamp(text);
  if (instant !== undefined) return new Date(instant);
  const match = POSTGRES_TIMESTAMP.exec(text);
  if (!match) return new Date(Number.NaN);
  const [, year, month, day, hours, minutes, seconds, fraction = "", sign, offsetHours = "0", offsetMinutes = "0", offsetSeconds = "0", bc] = match;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC too maps years 0-99 to 1900-1999.
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hours), Number(minutes), Number(seconds), Number(fraction.padEnd(3, "0").slice(0, 3)));
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * 1000;
  return new Date(date.getTime() - (sign === "-" ? -offset : offset));
}

// The form nearly every value has: a four-digit year from 0100 (Date.UTC would take 0-99 for
// 1900-1999), an optional fraction, an offset of hours[:minutes] or none. Read digit by digit
// into Date.UTC: the regular expression, its thirteen strings and three Dates cost a 50-task
// page (three timestamps a task) about 0.3 ms of CPU (bench/RESULTS.md). Anything else
// (another year, an offset with seconds, BC, infinity) is undefined, for the full reading.
function commonTimestamp(text: string): number | undefined {
  const length = text.length;
  if (length < 19 || text[4] !== "-" || text[7] !== "-" || text[10] !== " " || text[13] !== ":" || text[16] !== ":") return undefined;
  const year = digitsAt(text, 0, 4);
  if (year < 100) return undefined; // also -1: not digits
  let at = 19;
  let millis = 0;
  if (text[at] === ".") {
    const start = ++at;
    for (let scale = 100; at < length && isDigit(text.charCodeAt(at)); at++, scale /= 10) {
      if (scale >= 1) millis += (text.charCodeAt(at) - 48) * scale;
    }
    if (at === start || at - start > 6) return undefined;
  }
  let offset = 0;
  if (at < length) {
    const sign = text[at];
    if (sign !== "+" && sign !== "-") return undefined;
    const hours = digitsAt(text, at + 1, at + 3);
    const minutes = length === at + 6 && text[at + 3] === ":" ? digitsAt(text, at + 4, at + 6) : length === at + 3 ? 0 : -1;
    if (hours < 0 || minutes < 0) return undefined;
    offset = (hours * 60 + minutes) * 60_000 * (sign === "-" ? -1 : 1);
  }
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** The decimal number text[from, to) spells, or -1 if a character there is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

const PARSERS = { [TIMESTAMPTZ_OID]: parseTimestamp, [TIMESTAMP_OID]: parseTimestamp };

/**
 * postgres.js: its parsers for the timestamp types become parseTimestamp. Call it after
 * drizzle() has wrapped the client: Drizzle installs pass-through parsers for these types
 * on the client's options (drizzle-orm/postgres-js/driver.js), and would replace ours.
 */
export function readTimestampsExactlyOnPostgres(client: postgres.Sql): void {
  Object.assign(client.options.parsers, PARSERS);
}

type Queryable = Pick<Transaction, "query">;

/**
 * PGlite: the client with parseTimestamp for the timestamp types on every query, in and
 * out of transactions. Drizzle passes its own pass-through parsers with each query
 * (drizzle-orm/pglite/session.js), and PGlite lets those win over the client's `parsers`
 * option, so they are replaced on the way in.
 */
export function readTimestampsExactlyOnPglite(client: PGlite): PGlite {
  const transaction: PGlite["transaction"] = (work) => client.transaction((tx) => work(withTimestampParsers(tx)));
  return withTimestampParsers(client, { transaction });
}

function withTimestampParsers<T extends Queryable>(target: T, overrides: Partial<T> = {}): T {
  const query: Queryable["query"] = (text, params, options) =>
    target.query(text, params, { ...options, parsers: { ...options?.parsers, ...PARSERS } });
  const own: Partial<T> = { ...overrides, query } as Partial<T>;
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(own, property)) return own[property as keyof T];
      // Read from the object itself: PGlite keeps its state in private fields.
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
