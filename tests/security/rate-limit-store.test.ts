import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { databaseCounters, purgeExpiredRateLimits } from "@/lib/rate-limit/database-counters";
import { CounterStoreUnavailableError } from "@/lib/rate-limit/counters";
import { closeRedisCounters, redisCounters } from "@/lib/rate-limit/redis-counters";
import { consume, type CounterStore } from "@/lib/rate-limit/store";
import { resetProcessSingleton } from "@/lib/singleton";
import { useCleanDatabase } from "../support/data-layer";

// The counters behind the auth limits, in both stores: the rate_limits table on a clean
// database of this file's own (PGlite, or PostgreSQL with DATABASE_URL), and the machine's
// Redis (TEST_REDIS_URL). Keys carry this process's id, so runs never share a window.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const REDIS_PREFIX = "tasks:rate-limit:";

let clean: Awaited<ReturnType<typeof useCleanDatabase>>;
let redis: Redis;
beforeAll(async () => {
  clean = await useCleanDatabase();
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await closeRedisCounters();
  redis?.disconnect();
  await clean?.close();
});

let n = 0;
const freshKey = () => `test-${process.pid}-${Date.now()}-${n++}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The keys each store holds now. */
const storedKeys = {
  database: async () => (await (await database()).select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key),
  redis: async () => (await redis.keys(`${REDIS_PREFIX}*`)).map((k) => k.slice(REDIS_PREFIX.length)),
};

const STORES: { name: keyof typeof storedKeys; store: () => CounterStore }[] = [
  { name: "database", store: () => databaseCounters },
  { name: "redis", store: () => redisCounters(REDIS_URL) },
];

describe.each(STORES)("$name counters", ({ name, store }) => {
  describe("consume", () => {
    it("allows max requests per window, counting down, then refuses", async () => {
      const key = freshKey();
      const verdicts = [];
      for (let i = 0; i < 5; i++) verdicts.push(await store().consume(key, { window: 60, max: 3 }));
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
      await store().consume(a, { window: 60, max: 1 });
      expect((await store().consume(a, { window: 60, max: 1 })).allowed).toBe(false);
      expect((await store().consume(b, { window: 60, max: 1 })).allowed).toBe(true);
    });

    it("starts a new window once the old one has ended", async () => {
      const key = freshKey();
      await store().consume(key, { window: 1, max: 1 });
      expect((await store().consume(key, { window: 1, max: 1 })).allowed).toBe(false);
      await sleep(1_100);
      expect(await store().consume(key, { window: 1, max: 1 })).toMatchObject({ allowed: true, remaining: 0 });
    });

    it("counts concurrent requests exactly: 30 at once against a limit of 5", async () => {
      const key = freshKey();
      const verdicts = await Promise.all(Array.from({ length: 30 }, () => store().consume(key, { window: 60, max: 5 })));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
    });

    it("stores keys too long for an index entry as their hash", async () => {
      const long = `203.0.113.9|/${"x".repeat(5_000)}|${freshKey()}`;
      await store().consume(long, { window: 60, max: 1 });
      expect((await store().consume(long, { window: 60, max: 1 })).allowed).toBe(false);
      const keys = await storedKeys[name]();
      expect(keys).toContainEqual(expect.stringMatching(/^sha256:[0-9a-f]{64}$/));
      expect(keys.every((k) => k.length <= 200)).toBe(true);
    });
  });

  describe("refund", () => {
    it("gives one request back within the window", async () => {
      const key = freshKey();
      for (let i = 0; i < 2; i++) await store().consume(key, { window: 60, max: 2 });
      expect((await store().consume(key, { window: 60, max: 2 })).allowed).toBe(false);
      // The refused one counted too (capped at max + 1): two refunds reopen one place.
      await store().refund(key);
      await store().refund(key);
      expect((await store().consume(key, { window: 60, max: 2 })).allowed).toBe(true);
      expect((await store().consume(key, { window: 60, max: 2 })).allowed).toBe(false);
    });

    it("never goes below zero, and does nothing for an unknown key", async () => {
      const key = freshKey();
      const unknown = freshKey();
      await store().consume(key, { window: 60, max: 2 });
      for (let i = 0; i < 5; i++) await store().refund(key);
      await store().refund(unknown);
      const verdicts = [];
      for (let i = 0; i < 3; i++) verdicts.push((await store().consume(key, { window: 60, max: 2 })).allowed);
      expect(verdicts).toEqual([true, true, false]);
      expect(await storedKeys[name]()).not.toContain(unknown);
    });
  });
});

describe("purgeExpiredRateLimits (database store)", () => {
  it("drops ended windows only", async () => {
    const [ended, live] = [freshKey(), freshKey()];
    await databaseCounters.consume(ended, { window: 1, max: 1 });
    await databaseCounters.consume(live, { window: 60, max: 1 });
    await sleep(1_100);
    expect(await purgeExpiredRateLimits()).toBeGreaterThanOrEqual(1);
    const keys = await storedKeys.database();
    expect(keys).toContain(live);
    expect(keys).not.toContain(ended);
  });
});

describe("the store in use", () => {
  const withEnv = async (redisUrl: string | undefined, fn: () => Promise<void>) => {
    resetProcessSingleton("config");
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    try {
      await fn();
    } finally {
      delete process.env.REDIS_URL;
      resetProcessSingleton("config");
    }
  };

  it("is the database without REDIS_URL, and Redis with it", async () => {
    const [inDatabase, inRedis] = [freshKey(), freshKey()];
    await withEnv(undefined, () => consume(inDatabase, { window: 60, max: 1 }).then(() => {}));
    await withEnv(REDIS_URL, () => consume(inRedis, { window: 60, max: 1 }).then(() => {}));
    expect(await storedKeys.database()).toContain(inDatabase);
    expect(await storedKeys.database()).not.toContain(inRedis);
    expect(await storedKeys.redis()).toContain(inRedis);
    expect(await storedKeys.redis()).not.toContain(inDatabase);
  });

  it("a Redis that does not answer is a fast, typed failure (a 503), never a pass", async () => {
    // A port nothing listens on: the connection is refused at once, and the command fails
    // after its one retry rather than waiting for ever.
    const started = performance.now();
    const attempt = redisCounters("redis://127.0.0.1:1").consume(freshKey(), { window: 60, max: 5 });
    const error = await attempt.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CounterStoreUnavailableError);
    expect(error).toMatchObject({ code: "COUNTER_STORE_UNAVAILABLE" });
    expect(performance.now() - started).toBeLessThan(5_000);
    await closeRedisCounters();
  });
});
