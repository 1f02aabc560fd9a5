import { createHash } from "node:crypto";
import type { Quota } from "./headers";

// What every counter store shares; store.ts picks one, and each store imports only this.

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

export const COUNTER_STORE_UNAVAILABLE = "COUNTER_STORE_UNAVAILABLE";

/**
 * The counters are out of reach (Redis does not answer): a 503, like a database that is
 * down, with words of its own (lib/http/to-app-error.ts). Known by its code: Next's route
 * bundles each have their own copy of this class, so instanceof cannot be trusted.
 */
export class CounterStoreUnavailableError extends Error {
  override name = "CounterStoreUnavailableError";
  readonly code = COUNTER_STORE_UNAVAILABLE;
}

export function isCounterStoreUnavailable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === COUNTER_STORE_UNAVAILABLE;
}
