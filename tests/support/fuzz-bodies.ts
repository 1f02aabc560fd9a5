import fc from "fast-check";
import { expect } from "vitest";

// What the fuzz suites (tests/security/error-bodies*.fuzz.test.ts) send and check: junk
// bodies and queries, and the rule every answer keeps, whatever was sent: a documented
// status below 500 with a problem body, and nothing of the server's insides in it.

export const LEAKS = /\bat [\w.<>]+ \(|\.(?:js|ts|mjs):\d+|node_modules|postgres|drizzle|pglite|sqlstate|syntax error|\bselect\b.+\bfrom\b|\binsert into\b|ECONN|TypeError|ReferenceError|RangeError|stack/i;

export const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify({ title: v })),
  fc.jsonValue().map((v) => JSON.stringify({ title: "t", dueDate: v, priority: v })),
  fc.jsonValue().map((v) => JSON.stringify({ operations: [{ op: "create", body: v }, { op: "update", id: v, body: v }] })),
  fc.constantFrom("null", "[]", "{}", '{"title":"t"', '{"title":"\\ud800"}', '{"title":"\\u0000"}', "1e999", '{"a":'.repeat(500)),
);

export const junkQuery = fc.oneof(
  fc.constant(""),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.constantFrom("?limit=1e3", "?cursor=%00", "?q=%27%22", "?tz=../../etc", "?sort=__proto__", "?since=-1"),
);

export const CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", ""];

/** Below 500; a refusal (but a 405's) is a problem body of the API's; nothing leaks. */
export function expectDocumentedAnswer(res: { status: number; headers: Headers; text: string; body: any }): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400 && res.status !== 405) {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({ type: expect.stringMatching(/^urn:tasks:problem:/), status: res.status });
  }
  expect(res.text).not.toMatch(LEAKS);
}

/** Each status and how often it came, for the suite's log line. */
export class StatusTally {
  private counts = new Map<number | string, number>();
  tried = 0;
  add(status: number | string) {
    this.tried++;
    this.counts.set(status, (this.counts.get(status) ?? 0) + 1);
  }
  toString() {
    return JSON.stringify(Object.fromEntries(this.counts));
  }
}
