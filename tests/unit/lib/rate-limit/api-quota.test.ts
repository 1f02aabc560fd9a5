import { afterEach, describe, expect, it } from "vitest";
import { apiQuota, TokenBuckets } from "@/lib/rate-limit/api-quota";
import { resetProcessSingleton } from "@/lib/singleton";

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("TokenBuckets", () => {
  it("allows a burst of the whole limit, then refuses with the wait for one request", () => {
    const c = clock();
    const quota = new TokenBuckets(5, c.now);
    const seen = Array.from({ length: 6 }, () => quota.take("alice"));
    expect(seen.map((a) => [a.allowed, a.remaining, a.resetSeconds])).toEqual([
      [true, 4, 12],
      [true, 3, 24],
      [true, 2, 36],
      [true, 1, 48],
      [true, 0, 60],
      [false, 0, 60],
    ]);
    // 5 per minute: one request back every 12 seconds.
    expect(seen[5]).toStrictEqual({ allowed: false, limit: 5, remaining: 0, resetSeconds: 60, retryAfterSeconds: 12 });
  });

  it("refills continuously: one request every 60/limit seconds, never beyond the limit", () => {
    const c = clock();
    const quota = new TokenBuckets(60, c.now);
    for (let i = 0; i < 60; i++) quota.take("alice");
    expect(quota.take("alice").allowed).toBe(false);
    c.advance(999);
    expect(quota.take("alice").allowed).toBe(false);
    c.advance(1);
    expect(quota.take("alice")).toMatchObject({ allowed: true, remaining: 0 });
    c.advance(10 * 60_000);
    expect(quota.take("alice")).toMatchObject({ allowed: true, remaining: 59, resetSeconds: 1 });
  });

  it("keeps one bucket per user", () => {
    const quota = new TokenBuckets(2, clock().now);
    quota.take("alice");
    quota.take("alice");
    expect(quota.take("alice").allowed).toBe(false);
    expect(quota.take("bob")).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("forgets refilled buckets once a minute, so memory follows active users", () => {
    const c = clock();
    const quota = new TokenBuckets(600, c.now);
    for (let i = 0; i < 1000; i++) quota.take(`user-${i}`);
    expect(quota.size).toBe(1000);
    c.advance(60_000);
    quota.take("alice");
    expect(quota.size).toBe(1);
  });

  it("keeps a bucket that has not refilled yet", () => {
    const c = clock();
    const quota = new TokenBuckets(5, c.now);
    for (let i = 0; i < 5; i++) quota.take("alice");
    c.advance(60_000 - 1);
    quota.take("bob");
    expect(quota.size).toBe(2);
  });
});

describe("apiQuota", () => {
  afterEach(() => {
    resetProcessSingleton("api-quota");
  });

  it("is off at 0", () => {
    expect(apiQuota(0)).toBeUndefined();
  });

  it("is one set of buckets per process (a process singleton), replaced when the limit changes", () => {
    const first = apiQuota(600);
    expect(apiQuota(600)).toBe(first);
    expect(resetProcessSingleton("api-quota")).toBe(first);
    expect(apiQuota(600)).not.toBe(first);
    const other = apiQuota(5);
    expect(other).not.toBe(first);
    expect(other?.perMinute).toBe(5);
  });
});
