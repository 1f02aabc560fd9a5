import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "@/db/timestamps";

// What PostgreSQL prints for a timestamptz (DateStyle ISO, the default of both databases),
// read back as the instant it is. `new Date(text)` is not enough: that text is not ISO 8601
// (a space for the T, an offset of hours alone), and V8's fallback parser takes a year
// below 100 for a two-digit one.

const iso = (text: string) => parseTimestamp(text).toISOString();

describe("parseTimestamp", () => {
  it.each([
    ["0010-01-01 00:00:00+00", "0010-01-01T00:00:00.000Z"], // new Date(): 2001-10-01
    ["0049-01-01 00:00:00+00", "0049-01-01T00:00:00.000Z"], // new Date(): 2049
    ["0050-01-01 00:00:00+00", "0050-01-01T00:00:00.000Z"], // new Date(): 1950
    ["0001-01-01 00:00:00+00", "0001-01-01T00:00:00.000Z"],
    ["0099-12-31 23:59:59.999+00", "0099-12-31T23:59:59.999Z"],
    ["0004-02-29 12:00:00+00", "0004-02-29T12:00:00.000Z"],
    ["1500-03-01 00:00:00.5+00", "1500-03-01T00:00:00.500Z"],
    ["1969-12-31 23:59:59.999+00", "1969-12-31T23:59:59.999Z"],
    ["2026-05-01 17:00:00.12+00", "2026-05-01T17:00:00.120Z"],
    ["9999-12-31 23:59:59.999+00", "9999-12-31T23:59:59.999Z"],
    // Offsets, as a session's TimeZone prints them: hours, minutes, and before standard
    // time, local mean time to the second (Asia/Kolkata in year 10).
    ["2026-05-01 19:00:00.5+02", "2026-05-01T17:00:00.500Z"],
    ["2026-05-01 22:45:00+05:45", "2026-05-01T17:00:00.000Z"],
    ["2026-05-01 05:00:00-12", "2026-05-01T17:00:00.000Z"],
    ["0010-01-01 05:53:28+05:53:28", "0010-01-01T00:00:00.000Z"],
    ["0001-01-01 05:53:27+05:53:28", "0000-12-31T23:59:59.000Z"],
    ["10000-01-01 13:59:59.999+14", "9999-12-31T23:59:59.999Z"],
    // Microseconds (now(), a column without precision): a Date holds milliseconds.
    ["2026-05-01 17:00:00.123999+00", "2026-05-01T17:00:00.123Z"],
    // Before year 1 and past 9999, which the API never stores but the database can hold.
    ["0001-12-31 23:59:59+00 BC", "0000-12-31T23:59:59.000Z"],
    ["0044-03-15 12:00:00+00 BC", "-000043-03-15T12:00:00.000Z"],
    ["10000-01-01 00:00:00+00", "+010000-01-01T00:00:00.000Z"],
    // A timestamp without a zone is UTC, as Drizzle reads it.
    ["0010-01-01 00:00:00", "0010-01-01T00:00:00.000Z"],
    ["2026-05-01 17:00:00.25", "2026-05-01T17:00:00.250Z"],
  ])("reads %s as %s", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each(["infinity", "-infinity", "294276-12-31 23:59:59.999999+00", "", "2026-05-01T17:00:00Z"])(
    "answers an invalid Date for %j, which no Date holds or PostgreSQL does not print",
    (text) => {
      expect(Number.isNaN(parseTimestamp(text).getTime())).toBe(true);
    },
  );

  it("reads back every instant from 0001-01-01 to 9999-12-31, printed as PostgreSQL prints it in UTC", () => {
    const FIRST = Date.parse("0001-01-01T00:00:00.000Z");
    const LAST = Date.parse("9999-12-31T23:59:59.999Z");
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), (ms) => {
        expect(parseTimestamp(printedByPostgres(new Date(ms))).getTime()).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });

  // The digit-by-digit reading of the common form (years 0100-9999, hours[:minutes]) and
  // the full one must agree: microseconds, offsets either way, no fraction, no zone.
  it("reads every instant in every offset PostgreSQL prints in hours and minutes, to the microsecond", () => {
    const FIRST = Date.parse("0001-01-01T00:00:00.000Z");
    const LAST = Date.parse("9999-12-31T23:59:59.999Z");
    const offsets = fc.record({ hours: fc.integer({ min: -15, max: 15 }), minutes: fc.constantFrom(0, 30, 45) });
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: LAST }), fc.integer({ min: 0, max: 999 }), offsets, fc.boolean(), (ms, micros, offset, zoned) => {
        const minutes = Math.sign(offset.hours || 1) * (Math.abs(offset.hours) * 60 + offset.minutes);
        const local = new Date(ms + (zoned ? minutes : 0) * 60_000);
        const [day, time] = local.toISOString().slice(0, -1).split("T") as [string, string];
        if (!/^\d{4}-/.test(day)) return; // the offset took it past year 9999 or before 0001
        const fraction = `${time.slice(9)}${String(micros).padStart(3, "0")}`.replace(/0+$/, "");
        const hh = String(Math.abs(offset.hours)).padStart(2, "0");
        const zone = !zoned ? "" : `${minutes < 0 ? "-" : "+"}${hh}${offset.minutes ? `:${offset.minutes}` : ""}`;
        const text = `${day} ${time.slice(0, 8)}${fraction ? `.${fraction}` : ""}${zone}`;
        expect(parseTimestamp(text).getTime(), text).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });
});

// "YYYY-MM-DD HH:MM:SS[.fff]+00": the fraction without trailing zeros, none when zero.
function printedByPostgres(date: Date): string {
  const [day, time] = date.toISOString().slice(0, -1).split("T") as [string, string];
  const [whole, fraction] = time.split(".") as [string, string];
  const digits = fraction.replace(/0+$/, "");
  return `${day} ${whole}${digits ? `.${digits}` : ""}+00`;
}
