import { config } from "@/lib/config";
import type { CounterStore, Rule, Verdict } from "./counters";

export type { CounterStore, Rule, Verdict } from "./counters";

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
