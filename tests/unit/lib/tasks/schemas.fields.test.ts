import { describe, expect, it } from "vitest";
import { createTaskBody } from "@/lib/tasks/schemas";
import { accept, reject } from "../../helpers";

// Field rules, exercised through createTaskBody (every body schema shares these fields).

const CONTROL = "Must not contain control characters.";
const UNICODE = "Must be valid Unicode text.";
const EMPTY = "Must not be empty.";
const TITLE_LONG = "At most 200 characters.";
const DESCRIPTION_LONG = "At most 1000 characters.";
const PRIORITY = "Must be one of low, medium, high, or null.";
const DUE_DATE = "Must be an ISO 8601 date-time with a zone (2026-05-01T17:00:00Z) or a date (2026-05-01).";
const BOOLEAN = "Must be true or false.";

describe("title", () => {
  it.each([
    ["surrounding spaces trimmed", "  hi  ", "hi"],
    ["200 ASCII characters", "x".repeat(200), "x".repeat(200)],
    ["200 after trimming 4 spaces", `  ${"x".repeat(200)}  `, "x".repeat(200)],
    ["200 emoji (400 UTF-16 units)", "😀".repeat(200), "😀".repeat(200)],
    ["200 code points of e + combining acute", "e\u0301".repeat(100), "e\u0301".repeat(100)],
    ["200 CJK characters", "漢".repeat(200), "漢".repeat(200)],
    ["a surrogate pair", "a😀b", "a😀b"],
    ["one character", "x", "x"],
    ["a ZWJ family emoji", "👨‍👩‍👧", "👨‍👩‍👧"],
    ["Persian with a ZWNJ", "می\u200cخواهم", "می\u200cخواهم"],
    ["a letter inside zero-width spaces (kept as sent)", "\u200bx\u200b", "\u200bx\u200b"],
  ])("accepts %s", (_, title, expected) => {
    expect(accept(createTaskBody, { title })).toEqual({ title: expected });
  });

  it.each([
    ["empty", "", [EMPTY]],
    ["only spaces", "   ", [EMPTY]],
    ["201 ASCII characters", "x".repeat(201), [TITLE_LONG]],
    ["201 emoji", "😀".repeat(201), [TITLE_LONG]],
    ["201 code points of e + combining acute", `${"e\u0301".repeat(100)}e`, [TITLE_LONG]],
    ["201 CJK characters", "漢".repeat(201), [TITLE_LONG]],
    ["NUL", "a\u0000b", [CONTROL]],
    ["BEL", "a\u0007b", [CONTROL]],
    ["DEL", "a\u007fb", [CONTROL]],
    ["a newline", "a\nb", [CONTROL]],
    ["a trailing newline (checked before trimming)", " hi\n", [CONTROL]],
    ["a tab", "a\tb", [CONTROL]],
    ["a carriage return", "a\rb", [CONTROL]],
    ["ESC", "a\u001bb", [CONTROL]],
    ["only a tab: control and empty", "\t", [CONTROL, EMPTY]],
    ["a lone high surrogate", "\ud800", [UNICODE]],
    ["a lone low surrogate", "a\udc00b", [UNICODE]],
    ["a reversed pair", "\ude00\ud83d", [UNICODE]],
    ["201 NULs: control, too long, and nothing to show", "\u0000".repeat(201), [CONTROL, TITLE_LONG, EMPTY]],
    // What shows nothing is as empty as a blank title (lib/text/visible.ts has the class).
    ["only a zero-width space", "\u200b", [EMPTY]],
    ["only word joiners", "\u2060\u2060", [EMPTY]],
    ["only a byte order mark", "\ufeff", [EMPTY]],
    ["spaces and zero-width characters", " \u200b \u200c\u200d ", [EMPTY]],
    ["an ideographic space and a no-break space", "\u3000\u00a0", [EMPTY]],
    ["a braille blank", "\u2800", [EMPTY]],
    ["a Hangul filler", "\u3164", [EMPTY]],
    ["tag characters", "\u{e0041}\u{e0042}", [EMPTY]],
    ["a C1 control", "\u0080", [EMPTY]],
  ])("rejects %s", (_, title, messages) => {
    expect(reject(createTaskBody, { title })).toEqual(messages.map((message) => ({ path: "title", message })));
  });

  it.each([
    ["missing", {}, "Invalid input: expected string, received undefined"],
    ["null", { title: null }, "Invalid input: expected string, received null"],
    ["a number", { title: 5 }, "Invalid input: expected string, received number"],
  ])("rejects a title that is %s", (_, body, message) => {
    expect(reject(createTaskBody, body)).toEqual([{ path: "title", message }]);
  });
});

describe("description", () => {
  it.each([
    ["tab, newline and CR", "a\tb\nc\r\nd"],
    ["1000 characters", "d".repeat(1000)],
    ["1000 emoji", "😀".repeat(1000)],
    ["surrounding spaces (not trimmed)", "  x  "],
    ["empty", ""],
    ["a surrogate pair", "😀"],
    ["null", null],
  ])("accepts %s unchanged", (_, description) => {
    expect(accept(createTaskBody, { title: "t", description })).toEqual({ title: "t", description });
  });

  it.each([
    ["1001 characters", "d".repeat(1001), [DESCRIPTION_LONG]],
    ["1001 emoji", "😀".repeat(1001), [DESCRIPTION_LONG]],
    ["NUL", "a\u0000b", [CONTROL]],
    ["SOH", "\u0001", [CONTROL]],
    ["BS", "\u0008", [CONTROL]],
    ["vertical tab", "\u000b", [CONTROL]],
    ["form feed", "\u000c", [CONTROL]],
    ["SO", "\u000e", [CONTROL]],
    ["ESC", "\u001b", [CONTROL]],
    ["unit separator", "\u001f", [CONTROL]],
    ["DEL", "\u007f", [CONTROL]],
    ["a lone high surrogate", "a\ud800", [UNICODE]],
    ["a lone low surrogate", "\udfff", [UNICODE]],
    ["NUL and a lone surrogate", "\u0000\ud800", [CONTROL, UNICODE]],
  ])("rejects %s", (_, description, messages) => {
    expect(reject(createTaskBody, { title: "t", description })).toEqual(
      messages.map((message) => ({ path: "description", message })),
    );
  });

  it("rejects a number", () => {
    expect(reject(createTaskBody, { title: "t", description: 5 })).toEqual([
      { path: "description", message: "Invalid input: expected string, received number" },
    ]);
  });
});

describe("priority", () => {
  it.each(["low", "medium", "high", null])("accepts %j", (priority) => {
    expect(accept(createTaskBody, { title: "t", priority })).toEqual({ title: "t", priority });
  });

  it.each(["urgent", "", "HIGH", " low", 1, true])("rejects %j", (priority) => {
    expect(reject(createTaskBody, { title: "t", priority })).toEqual([{ path: "priority", message: PRIORITY }]);
  });
});

describe("dueDate", () => {
  it.each([
    ["2026-05-01", "2026-05-01T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-05-01T17:00:00Z", "2026-05-01T17:00:00.000Z"],
    ["2026-05-01T19:00:00.5+02:00", "2026-05-01T17:00:00.500Z"],
    ["2026-05-01T12:30:00-04:30", "2026-05-01T17:00:00.000Z"],
    ["2026-05-01T17:00:00.123Z", "2026-05-01T17:00:00.123Z"],
    ["2026-05-01T00:30:00+01:00", "2026-04-30T23:30:00.000Z"],
  ])("accepts %s as %s", (dueDate, iso) => {
    const parsed = accept(createTaskBody, { title: "t", dueDate });
    expect(parsed).toEqual({ title: "t", dueDate: new Date(iso) });
    expect(parsed.dueDate).toBeInstanceOf(Date);
  });

  it("accepts null", () => {
    expect(accept(createTaskBody, { title: "t", dueDate: null })).toEqual({ title: "t", dueDate: null });
  });

  it.each([
    ["no zone", "2026-05-01T17:00:00"],
    ["no seconds", "2026-05-01T17:00Z"],
    ["a space for T", "2026-05-01 17:00:00Z"],
    ["an offset without colon", "2026-05-01T17:00:00+0200"],
    ["February 30th", "2026-02-30"],
    ["February 29th of a common year", "2026-02-29"],
    ["month 13", "2026-13-01"],
    ["hour 24", "2026-05-01T24:00:00Z"],
    ["a word", "tomorrow"],
    ["an empty string", ""],
    ["epoch millis as a number", 1714582800000],
    ["epoch millis as a string", "1714582800000"],
    ["an object", { date: "2026-05-01" }],
  ])("rejects %s", (_, dueDate) => {
    expect(reject(createTaskBody, { title: "t", dueDate })).toEqual([{ path: "dueDate", message: DUE_DATE }]);
  });
});

describe("completed", () => {
  it.each([true, false])("accepts %j", (completed) => {
    expect(accept(createTaskBody, { title: "t", completed })).toEqual({ title: "t", completed });
  });

  it.each(["true", "false", 1, 0, null])("rejects %j", (completed) => {
    expect(reject(createTaskBody, { title: "t", completed })).toEqual([{ path: "completed", message: BOOLEAN }]);
  });
});
