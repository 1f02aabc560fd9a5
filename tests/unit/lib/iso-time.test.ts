import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTime } from "@/lib/iso-time";

// isoTime is toISOString, faster: the same text for every Date, whatever its year.

describe("isoTime", () => {
  it.each([
    "0000-01-01T00:00:00.000Z",
    "0000-12-31T23:59:59.999Z",
    "0004-02-29T12:00:00.000Z",
    "1900-02-28T23:59:59.999Z",
    "1900-03-01T00:00:00.000Z",
    "1969-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00.000Z",
    "2000-02-29T00:00:00.001Z",
    "2026-12-03T14:09:33.070Z",
    "9999-12-31T23:59:59.999Z",
  ])("writes %s", (text) => {
    expect(isoTime(new Date(text))).toBe(text);
  });

  it("writes what toISOString writes for any instant a Date holds, years 0000-9999 and past them", () => {
    const YEAR_0 = Date.parse("0000-01-01T00:00:00.000Z");
    const YEAR_10000 = Date.parse("+010000-01-01T00:00:00.000Z");
    const instants = fc.oneof(fc.integer({ min: YEAR_0 - 1, max: YEAR_10000 }), fc.integer({ min: -8.64e15, max: 8.64e15 }));
    fc.assert(
      fc.property(instants, (ms) => {
        const date = new Date(ms);
        expect(isoTime(date)).toBe(date.toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("throws toISOString's RangeError for an invalid Date", () => {
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
