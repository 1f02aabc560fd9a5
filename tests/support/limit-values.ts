import fc from "fast-check";

// Values at the limits: the edges of what a field, a parameter or the database beneath them
// holds, and the first step past each. The fuzz suite's random shapes never hit these (a
// year 0000, a title of 201 emoji, a lone surrogate, a NUL that PostgreSQL refuses, an
// offset that pushes an instant into year 10000), so they are listed here on purpose, per
// kind of field, and every field and parameter of every route gets the ones of its kind
// plus the ones every field gets (limit-targets.ts says which field is which kind).

export type Limit = {
  /** What the value is, for reports: "201 code points of emoji". */
  label: string;
  value: unknown;
  /** The JSON text to send instead of JSON.stringify(value): -0, 1e309, 2^63 as written. */
  json?: string;
  /** NUL or an unpaired surrogate: PostgreSQL cannot store it as sent, so nothing may accept it. */
  unstorable?: boolean;
  /** Shows nothing (empty, blank, or only invisible characters): a required text refuses it. */
  blank?: boolean;
  /** Filled (with "x") until the whole body has this many bytes: the body limit and one over. */
  bodyBytes?: number;
  /** A whole query string of its own (a parameter twice, without "="), for query targets. */
  rawQuery?: string;
};

export type Kind = "text" | "email" | "url" | "instant" | "integer" | "boolean" | "enum" | "enum-list" | "id" | "any";

/** What the generator knows of a field: its kind and, from the schema, its bounds. */
export type FieldShape = {
  kind: Kind;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** An enum's values (an enum-list's items). */
  values?: readonly string[];
  /** Trimmed before it is checked (a title, a name). */
  trimmed?: boolean;
};

/** The seed of the random parts (the mixed-width strings); LIMITS_SEED=<n> replays a run. */
export const LIMITS_SEED = Number(process.env.LIMITS_SEED ?? 20261201);

const v = (label: string, value: unknown, extra: Partial<Limit> = {}): Limit => ({ label, value, ...extra });

// Every field and parameter gets these: other JSON types where one is expected, the
// characters PostgreSQL refuses or rewrites, controls (C0 and C1), noncharacters, text
// that shows nothing, and strings that look like numbers or booleans.
const EVERY_FIELD: Limit[] = [
  v("null", null),
  v("true", true),
  v("false", false),
  v("0", 0),
  v("-0", -0, { json: "-0" }),
  v("1e308", 1e308),
  v("an empty array", []),
  v("an array of a string", ["a"]),
  v("an empty object", {}),
  v("an object", { a: "b" }),
  v("a query operator", { $ne: null }),
  v("the empty string", "", { blank: true }),
  v("NUL", "\u0000", { unstorable: true }),
  v("NUL inside", "a\u0000b", { unstorable: true }),
  v("U+0001", "a\u0001b"),
  v("a tab", "a\tb"),
  v("a line feed", "a\nb"),
  v("CR LF", "a\r\nb"),
  v("an ANSI escape", "a\u001b[31mb"),
  v("DEL", "a\u007fb"),
  v("C1 U+0080", "a\u0080b"),
  v("C1 NEL U+0085", "a\u0085b"),
  v("C1 CSI U+009B", "a\u009b2Jb"),
  v("C1 U+009F", "a\u009fb"),
  v("a forged log line", 'a\n{"level":"fatal","msg":"forged"}'),
  v("a lone high surrogate", "\ud800", { unstorable: true }),
  v("a lone low surrogate inside", "a\udfffb", { unstorable: true }),
  v("reversed surrogates", "\udc00\ud800", { unstorable: true }),
  v("U+FFFE", "a\ufffeb"),
  v("U+FFFF", "\uffff"),
  v("U+10FFFF", "\u{10ffff}"),
  v("U+FDD0", "\ufdd0"),
  v("a right-to-left override", "\u202eabc"),
  v("a combining mark alone", "\u0301"),
  v("a ZWJ emoji sequence", "\u{1f469}\u200d\u{1f469}\u200d\u{1f467}"),
  v("a zero-width space alone", "\u200b", { blank: true }),
  v("a word joiner alone", "\u2060", { blank: true }),
  v("a BOM alone", "\ufeff", { blank: true }),
  v("ZWSP, word joiner and BOM", "\u200b\u2060\ufeff", { blank: true }),
  v("a soft hyphen alone", "\u00ad", { blank: true }),
  v("a ZWJ alone", "\u200d", { blank: true }),
  v("U+180E alone", "\u180e", { blank: true }),
  v("spaces", "   ", { blank: true }),
  v("an ideographic space", "\u3000", { blank: true }),
  v("a line separator", "\u2028", { blank: true }),
  v("NaN", "NaN"),
  v("Infinity", "Infinity"),
  v("undefined", "undefined"),
  v("null as text", "null"),
  v("true as text", "true"),
  v("FALSE as text", "FALSE"),
  v("1 as text", "1"),
  v("1e3 as text", "1e3"),
  v("0x1F", "0x1F"),
  v("fullwidth digits", "\uff11\uff12"),
  v("Arabic-Indic digit", "\u0663"),
];

/** Random text of exactly `count` code points, drawn from 1- to 4-byte UTF-8 characters. */
function mixedText(count: number, seed: number): string {
  const char = fc.constantFrom("a", "\u00e9", "\u4e2d", "\u{1f600}", "e\u0301".slice(1), "\u{1d400}");
  const [text] = fc.sample(fc.array(char, { minLength: count, maxLength: count }).map((cs) => cs.join("")), { numRuns: 1, seed });
  return text!;
}

// A string of `count` of `unit`, wrapped so that an email stays an email and a URL a URL
// (and only the length is off).
function wrapped(kind: Kind, body: string): string {
  if (kind === "email") return `${body}@example.com`;
  if (kind === "url") return `https://example.com/${body}`;
  return body;
}

function wrapLength(kind: Kind): number {
  return wrapped(kind, "").length;
}

/** Strings at a length limit and one past it, counted in code points, UTF-16 units and bytes. */
function atLength(shape: FieldShape, limit: number, edge: "max" | "min"): Limit[] {
  const free = limit - wrapLength(shape.kind);
  if (free < 1) return [];
  const at = (label: string, body: string) => v(`${edge} ${limit}: ${label}`, wrapped(shape.kind, body));
  const half = Math.floor(free / 2);
  const over = edge === "max" ? 1 : -1;
  const values = [
    at(`${free} ASCII`, "a".repeat(free)),
    at(`${free + over} ASCII`, "a".repeat(free + over)),
    at(`${free} emoji (code points; twice the UTF-16 units, 4x the bytes)`, "\u{1f600}".repeat(free)),
    at(`${free + over} emoji`, "\u{1f600}".repeat(free + over)),
    at(`${half} emoji + ${free % 2} ASCII (${free} UTF-16 units)`, "\u{1f600}".repeat(half) + "a".repeat(free % 2)),
    at(`${half} emoji + ${(free % 2) + over} ASCII (${free + over} UTF-16 units)`, "\u{1f600}".repeat(half) + "a".repeat(Math.max(0, (free % 2) + over))),
    at(`${free} CJK (3x the bytes)`, "\u4e2d".repeat(free)),
    at(`${half} e + combining acute (${half * 2} code points)`, "e\u0301".repeat(half)),
    at(`${half + 1} e + combining acute (${half * 2 + 2} code points)`, "e\u0301".repeat(half + 1)),
    at(`${free} mixed 1-4 byte characters`, mixedText(free, LIMITS_SEED + limit)),
  ];
  if (shape.trimmed && edge === "max") values.push(at(`${free} ASCII between spaces`, ` ${"a".repeat(free)} `));
  return values;
}

function text(shape: FieldShape): Limit[] {
  const values: Limit[] = [];
  // A field with no bound of its own still ends in a column: varchar(255) is the usual one.
  const max = shape.maxLength ?? 255;
  values.push(...atLength(shape, max, "max"));
  if (shape.minLength !== undefined && shape.minLength > 1) values.push(...atLength(shape, shape.minLength, "min").slice(0, 4));
  values.push(v("8 KiB", wrapped(shape.kind, "a".repeat(8 * 1024))));
  return values;
}

// The body at its limit (which is accepted, or refused for the field, but never a 413) and
// one byte over (a 413 before the field is looked at).
function bodySized(bodyLimit: number): Limit[] {
  return [
    v(`the body at ${bodyLimit} bytes`, "", { bodyBytes: bodyLimit }),
    v(`the body at ${bodyLimit + 1} bytes`, "", { bodyBytes: bodyLimit + 1 }),
  ];
}

// The instants the API takes run from 0001-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z
// in UTC (README); PostgreSQL has no year 0 and stores microseconds.
const INSTANTS: Limit[] = [
  v("the first instant", "0001-01-01T00:00:00Z"),
  v("the first instant, with ms", "0001-01-01T00:00:00.000Z"),
  v("the first day", "0001-01-01"),
  v("one ms before the first", "0000-12-31T23:59:59.999Z"),
  v("year 0000, a date", "0000-01-01"),
  v("year 0000, a date-time", "0000-06-15T12:00:00Z"),
  v("the first instant, from year 0000 at -12:00", "0000-12-31T12:00:00-12:00"),
  v("0001-01-01T00:30:00+01:00 (before the first)", "0001-01-01T00:30:00+01:00"),
  v("0001-01-01T00:00:00+00:01 (one minute before)", "0001-01-01T00:00:00+00:01"),
  v("the last instant", "9999-12-31T23:59:59.999Z"),
  v("the last day", "9999-12-31"),
  v("the last second, sub-ms digits", "9999-12-31T23:59:59.9999999Z"),
  v("one ms after the last", "+010000-01-01T00:00:00.000Z"),
  v("year 10000 unsigned", "10000-01-01T00:00:00Z"),
  v("9999-12-31T23:59:59-01:00 (after the last)", "9999-12-31T23:59:59-01:00"),
  v("9999-12-31T23:00:00-00:59 (in range)", "9999-12-31T23:00:00-00:59"),
  v("a negative expanded year", "-000001-01-01T00:00:00Z"),
  v("an expanded year in range", "+002026-05-01T17:00:00Z"),
  v("year 1", "0001-02-03T04:05:06.007Z"),
  v("year 10", "0010-01-01"),
  v("year 49", "0049-12-31T23:59:59Z"),
  v("year 50", "0050-01-01T00:00:00Z"),
  v("year 69", "0069-07-20T20:17:40Z"),
  v("year 70", "0070-01-01"),
  v("year 99", "0099-12-31T23:59:59.999Z"),
  v("year 100", "0100-01-01"),
  v("a leap day", "2024-02-29"),
  v("a leap day in year 4", "0004-02-29T00:00:00Z"),
  v("a leap day in 2000", "2000-02-29T12:00:00+02:00"),
  v("no leap day in 1900", "1900-02-29"),
  v("no leap day in 2023", "2023-02-29"),
  v("April 31", "2026-04-31"),
  v("month 13", "2026-13-01"),
  v("day 0", "2026-05-00"),
  v("24:00", "2026-05-01T24:00:00Z"),
  v("second 60", "2016-12-31T23:59:60Z"),
  v("minute 60", "2026-05-01T23:60:00Z"),
  v("offset +14:00", "2026-05-01T00:00:00+14:00"),
  v("offset -12:00", "2026-05-01T00:00:00-12:00"),
  v("offset +23:59", "2026-05-01T00:00:00+23:59"),
  v("offset +24:00", "2026-05-01T00:00:00+24:00"),
  v("offset -00:00", "2026-05-01T00:00:00-00:00"),
  v("offset without colon", "2026-05-01T00:00:00+0200"),
  v("microseconds", "2026-05-01T17:00:00.123456Z"),
  v("nine fraction digits", "2026-05-01T17:00:00.999999999Z"),
  v("a comma fraction", "2026-05-01T17:00:00,5Z"),
  v("no seconds", "2026-05-01T17:00Z"),
  v("no zone", "2026-05-01T17:00:00"),
  v("a space for T", "2026-05-01 17:00:00Z"),
  v("lower-case t and z", "2026-05-01t17:00:00z"),
  v("basic format", "20260501T170000Z"),
  v("a week date", "2026-W18-5"),
  v("an ordinal date", "2026-121"),
  v("epoch ms as a number", 253402300799999),
  v("epoch seconds as text", "1777654800"),
  v("a leading space", " 2026-05-01"),
];

// Numbers at the edges of int32, int64 and 2^53, as JSON writes them and past what a
// double holds.
function integers(shape: FieldShape): Limit[] {
  const bounds = [shape.minimum, shape.maximum].filter((n): n is number => n !== undefined);
  const nearBounds = bounds.flatMap((n) => [n - 1, n, n + 1]).map((n) => v(String(n), n, { json: String(n) }));
  const raw = (text: string) => v(text, Number(text), { json: text });
  return [
    ...nearBounds,
    ...["-1", "2147483647", "2147483648", "-2147483648", "-2147483649", "9007199254740991", "9007199254740992", "9007199254740993"].map(raw),
    ...["9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e309", "-1e309", "5e-324", "0.5", "1.0", "1e2", "01", "0001"].map(raw),
  ];
}

function enumValues(shape: FieldShape): Limit[] {
  const values = shape.values ?? [];
  const first = values[0] ?? "a";
  return [
    ...values.map((value) => v(`"${value}"`, value)),
    v("upper case", first.toUpperCase()),
    v("a leading space", ` ${first}`),
    v("a trailing space", `${first} `),
    v("a prefix", first.slice(0, -1)),
    v("fullwidth letters", [...first].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("")),
    v("a prototype key", "__proto__"),
    v("constructor", "constructor"),
    v("toString", "toString"),
  ];
}

function enumLists(shape: FieldShape): Limit[] {
  const [a = "a", b = "b", c = "c"] = shape.values ?? [];
  return [
    v("all, reversed", [c, b, a].join(",")),
    v("one twice", `${a},${a}`),
    v("a trailing comma", `${a},`),
    v("a lone comma", ","),
    v("an empty item", `${a},,${b}`),
    v("semicolons", `${a};${b}`),
    v("spaces after commas", `${a}, ${b}`),
  ];
}

// A task or session id: the shapes an id lookup must survive (any string is a 404, never
// a 500: no uuid parsing reaches the database).
const IDS: Limit[] = [
  v("a uuid that exists nowhere", "00000000-0000-7000-8000-000000000000"),
  v("the nil uuid", "00000000-0000-0000-0000-000000000000"),
  v("a uuid in upper case", "0193A2B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B"),
  v("a uuid in braces", "{0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b}"),
  v("a dot", "."),
  v("two dots", ".."),
  v("a slash", "a/b"),
  v("a percent sign", "%"),
  v("SQL", "1' OR '1'='1"),
  v("255 characters", "a".repeat(255)),
  v("256 characters", "a".repeat(256)),
  v("8 KiB", "a".repeat(8 * 1024)),
];

/** Every value the generator tries on a field of this shape (bodyLimit: for body fields). */
export function limitValues(shape: FieldShape, bodyLimit?: number): Limit[] {
  const own: Limit[] = [];
  if (shape.kind === "text" || shape.kind === "email" || shape.kind === "url") own.push(...text(shape));
  if (shape.kind === "instant") own.push(...INSTANTS);
  if (shape.kind === "integer") own.push(...integers(shape));
  if (shape.kind === "enum") own.push(...enumValues(shape));
  if (shape.kind === "enum-list") own.push(...enumValues(shape), ...enumLists(shape));
  if (shape.kind === "id") own.push(...IDS, ...text({ kind: "text", maxLength: 255 }).slice(0, 4));
  if (bodyLimit !== undefined && shape.kind !== "boolean") own.push(...bodySized(bodyLimit));
  const wrappedEvery = shape.kind === "email" || shape.kind === "url"
    ? EVERY_FIELD.map((limit) => (typeof limit.value === "string" && !limit.blank ? { ...limit, value: wrapped(shape.kind, limit.value) } : limit))
    : EVERY_FIELD;
  return [...own, ...wrappedEvery];
}

// One of each class, for routes where every request costs a password hash (sign-up,
// sign-in, the password checks): the full list there would take minutes of scrypt.
const CORE_LABELS = new Set([
  "null",
  "an empty array",
  "an object",
  "the empty string",
  "NUL inside",
  "a lone high surrogate",
  "C1 NEL U+0085",
  "U+FFFF",
  "a forged log line",
  "ZWSP, word joiner and BOM",
  "spaces",
  "true as text",
]);

/** The representative subset of `values`: the classes above, the length limits in ASCII and emoji, the body limit. */
export function coreLimits(values: Limit[]): Limit[] {
  const lengths = values.filter((l) => /^(max|min) \d+: \d+ (ASCII|emoji)(?: \(|$)/.test(l.label));
  return values.filter((l) => CORE_LABELS.has(l.label) || l.bodyBytes !== undefined || lengths.includes(l) || (l.label.startsWith('"') && l.label.endsWith('"')));
}
