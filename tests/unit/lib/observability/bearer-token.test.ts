import * as crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { bearerTokenMatches } from "@/lib/observability/bearer-token";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const TOKEN = "metrics-token-0123456789";

afterEach(() => vi.mocked(crypto.timingSafeEqual).mockClear());

describe("bearerTokenMatches", () => {
  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `Bearer   ${TOKEN}`, `Bearer ${TOKEN} `])("accepts %j", (header) => {
    expect(bearerTokenMatches(header, TOKEN)).toBe(true);
  });

  it.each([
    ["no header", null],
    ["empty", ""],
    ["no scheme", TOKEN],
    ["Basic", `Basic ${TOKEN}`],
    ["a prefix of it", `Bearer ${TOKEN.slice(0, -1)}`],
    ["it plus one character", `Bearer ${TOKEN}x`],
    ["one character changed", `Bearer ${TOKEN.slice(0, -1)}8`],
    ["another case", `Bearer ${TOKEN.toUpperCase()}`],
    ["two tokens", `Bearer ${TOKEN} ${TOKEN}`],
    ["an empty token", "Bearer "],
  ])("refuses %s", (_, header) => {
    expect(bearerTokenMatches(header, TOKEN)).toBe(false);
  });

  it("always compares two 32-byte digests in constant time, whatever the length sent", () => {
    for (const header of [null, "Bearer x", `Bearer ${TOKEN}`, `Bearer ${"y".repeat(5000)}`]) bearerTokenMatches(header, TOKEN);
    const calls = vi.mocked(crypto.timingSafeEqual).mock.calls;
    expect(calls).toHaveLength(4);
    for (const [a, b] of calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
  });
});
