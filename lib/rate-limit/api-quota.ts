import { processSingleton } from "@/lib/singleton";
import type { Quota } from "./headers";

export type Admission = Quota & { allowed: boolean; retryAfterSeconds: number };

type Bucket = { tokens: number; at: number };

const MINUTE_MS = 60_000;

/**
 * A token bucket per user, in this process's memory: `perMinute` requests at once, refilled
 * continuously at perMinute / 60 per second. A Map lookup and a little arithmetic per
 * request, so it can stay on under any load. Per instance: N instances allow N times the
 * rate in total (the limit is for fairness and runaway scripts, not a security boundary).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / MINUTE_MS;
    this.lastSweep = now();
  }

  /** Takes one request from `id`'s bucket, or says how long until it can. */
  take(id: string): Admission {
    const now = this.now();
    const bucket = this.buckets.get(id);
    let tokens = bucket ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs) : this.perMinute;
    const allowed = tokens >= 1;
    if (allowed) tokens -= 1;
    this.buckets.set(id, { tokens, at: now });
    this.sweep(now);
    return {
      allowed,
      limit: this.perMinute,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((this.perMinute - tokens) / this.perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.ceil((1 - tokens) / this.perMs / 1000),
    };
  }

  /** Users tracked now (tests, and a bound on memory). */
  get size(): number {
    return this.buckets.size;
  }

  // Once a minute, forget the buckets that have refilled: a full bucket is the same as none,
  // so memory follows the users active in the last minute, not every user ever seen.
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const [id, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(id);
    }
  }
}

// One set of buckets per process, on globalThis: Next may load this module once per route
// bundle, and /api/tasks and /api/tasks/{id} must draw on the same bucket.
/** The process's buckets for `perMinute`, or undefined when the limit is off (0). */
export function apiQuota(perMinute: number): TokenBuckets | undefined {
  if (perMinute <= 0) return undefined;
  return processSingleton("api-quota", () => new TokenBuckets(perMinute), {
    fits: (current) => current.perMinute === perMinute,
  });
}
