import { createHash } from "node:crypto";
import { config } from "@/lib/config";
import type { Quota } from "./headers";

/** At most `max` requests per `window` seconds for one key. */
export type Rule = { window: number; max: number };

export type Verdict = Quota & { allowed: boolean };

/**
 * Where the auth limits keep their counters: a fixed window per key that starts with the
 * first request after the previous one ended. Refused requests stop counting at max + 1.
 * Both stores count concurrent requests on any number of instances exactly.
 */
export type CounterStore = {
  consume(key: string, rule: Rule): Promise<Verdict>;
  /** Gives back one request counted against `key` in its current window. */
  refund(key: string): Promise<void>;
};

// Beyond this a key is stored as its hash: a btree entry must stay well under 2.7 kB, and
// a path in Better Auth's keys is whatever the client sent.
const MAX_PLAIN_KEY = 200;

export function storedKey(key: string): string {
  return key.length <= MAX_PLAIN_KEY ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/** The verdict for the count after this request and the window's remaining seconds. */
export function verdictOf(count: number, rule: Rule, resetSeconds: number): Verdict {
  // A store's clock and ours round differently: clamp the rounding back into the window.
  const reset = Math.min(rule.window, Math.max(1, resetSeconds));
  return { allowed: count <= rule.max, limit: rule.max, remaining: rule.max - count, resetSeconds: reset };
}

// Loaded on first use, so that a deployment without REDIS_URL never loads ioredis.
async function counterStore(): Promise<CounterStore> {
  const { redisUrl } = config();
  if (redisUrl) return (await import("./redis-counters")).redisCounters(redisUrl);
  return (await import("./database-counters")).databaseCounters;
}

/** Counts one request against `key` and says whether it is within `rule`. */
export async function consume(key: string, rule: Rule): Promise<Verdict> {
  return (await counterStore()).consume(key, rule);
}

/** Gives back one request counted against `key` in its current window (a sign-in that succeeded). */
export async function refund(key: string): Promise<void> {
  return (await counterStore()).refund(key);
}
