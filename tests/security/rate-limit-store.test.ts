import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { consume, purgeExpiredRateLimits, refund } from "@/lib/rate-limit/store";
import { useCleanDatabase } from "../support/data-layer";

// The database counters behind the auth limits (lib/rate-limit/store.ts), on a clean
// database of this file's own: PGlite, or PostgreSQL with DATABASE_URL (real concurrency).

let clean: Awaited<ReturnType<typeof useCleanDatabase>>;
beforeAll(async () => {
  clean = await useCleanDatabase();
});
afterAll(() => clean?.close());

let n = 0;
const freshKey = () => `test-${process.pid}-${n++}`;

describe("consume", () => {
  it("allows max requests per window, counting down, then refuses", async () => {
    const key = freshKey();
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await consume(key, { window: 60, max: 3 }));
    expect(verdicts.map((v) => [v.allowed, v.limit, v.remaining])).toEqual([
      [true, 3, 2],
      [true, 3, 1],
      [true, 3, 0],
      [false, 3, -1],
      [false, 3, -1],
    ]);
    for (const v of verdicts) {
      expect(v.resetSeconds).toBeGreaterThanOrEqual(59);
      expect(v.resetSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("keys are independent", async () => {
    const [a, b] = [freshKey(), freshKey()];
    await consume(a, { window: 60, max: 1 });
    expect((await consume(a, { window: 60, max: 1 })).allowed).toBe(false);
    expect((await consume(b, { window: 60, max: 1 })).allowed).toBe(true);
  });

  it("starts a new window once the old one has ended", async () => {
    const key = freshKey();
    await consume(key, { window: 1, max: 1 });
    expect((await consume(key, { window: 1, max: 1 })).allowed).toBe(false);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await consume(key, { window: 1, max: 1 })).toMatchObject({ allowed: true, remaining: 0 });
  });

  it("counts concurrent requests exactly: 30 at once against a limit of 5", async () => {
    const key = freshKey();
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => consume(key, { window: 60, max: 5 })));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it("stores keys too long for an index entry as their hash", async () => {
    const long = `203.0.113.9|/${"x".repeat(5_000)}`;
    await consume(long, { window: 60, max: 1 });
    expect((await consume(long, { window: 60, max: 1 })).allowed).toBe(false);
    const rows = await (await database()).select({ key: rateLimits.key }).from(rateLimits);
    expect(rows.map((r) => r.key)).toContainEqual(expect.stringMatching(/^sha256:[0-9a-f]{64}$/));
    expect(rows.every((r) => r.key.length <= 200)).toBe(true);
  });
});

describe("refund", () => {
  it("gives one request back within the window", async () => {
    const key = freshKey();
    for (let i = 0; i < 2; i++) await consume(key, { window: 60, max: 2 });
    expect((await consume(key, { window: 60, max: 2 })).allowed).toBe(false);
    // The refused one counted too (capped at max + 1): two refunds reopen one place.
    await refund(key);
    await refund(key);
    expect((await consume(key, { window: 60, max: 2 })).allowed).toBe(true);
    expect((await consume(key, { window: 60, max: 2 })).allowed).toBe(false);
  });

  it("never goes below zero, and does nothing for an unknown key", async () => {
    const key = freshKey();
    await consume(key, { window: 60, max: 2 });
    for (let i = 0; i < 5; i++) await refund(key);
    await refund(freshKey());
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push((await consume(key, { window: 60, max: 2 })).allowed);
    expect(verdicts).toEqual([true, true, false]);
  });
});

describe("purgeExpiredRateLimits", () => {
  it("drops ended windows only", async () => {
    const [ended, live] = [freshKey(), freshKey()];
    await consume(ended, { window: 1, max: 1 });
    await consume(live, { window: 60, max: 1 });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await purgeExpiredRateLimits()).toBeGreaterThanOrEqual(1);
    const keys = (await (await database()).select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
    expect(keys).toContain(live);
    expect(keys).not.toContain(ended);
  });
});
