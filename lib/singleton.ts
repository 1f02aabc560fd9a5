// Process-wide values (the config, the database client, the metrics registry...), kept on
// globalThis rather than in a module variable: Next loads a module once per route bundle,
// and dev hot reload loads it again after every edit, yet all of them must share one
// pool, one registry, one set of rate-limit buckets. The key is a registered symbol
// (Symbol.for), the same in every copy of this module, and out of the way of anything
// else on globalThis.

/** Every process-wide value, by name: a reset in a test cannot misspell one. */
export type ProcessSingletonKey =
  | "api-quota"
  | "auth"
  | "config"
  | "database"
  | "history-purge"
  | "jwks"
  | "logger"
  | "mail-transport"
  | "method-gate"
  | "metrics"
  | "observability-config"
  | "pool-gate"
  | "redis"
  | "s3-client"
  | "session-cookie"
  | "shutdown-hook"
  | "verified-jwts";

// The one cast: globalThis as a store of values under symbols.
const store = globalThis as unknown as Record<symbol, unknown>;
const slot = (key: ProcessSingletonKey) => Symbol.for(`tasks.${key}`);

export type SingletonOptions<T> = {
  /** Whether the value there still serves (a Redis client for another URL does not); if not, it is replaced. */
  fits?: (current: T) => boolean;
  /** Called with a value that no longer fits, before its replacement is made (to close it). */
  replacing?: (previous: T) => void;
};

/** The process's one `key`, made by `create` on first use. */
export function processSingleton<T>(key: ProcessSingletonKey, create: () => T, options: SingletonOptions<T> = {}): T {
  const s = slot(key);
  if (s in store) {
    const current = store[s] as T;
    if (!options.fits || options.fits(current)) return current;
    options.replacing?.(current);
  }
  const value = create();
  store[s] = value;
  return value;
}

/**
 * Forgets `key`, so that the next use makes a new one (tests; a client closed; a promise
 * that failed). With `only`, forgets it only if it is still that value: a failure arriving
 * late must not drop the newer value that replaced it. Returns what it forgot.
 */
export function resetProcessSingleton<T = unknown>(key: ProcessSingletonKey, only?: T): T | undefined {
  const s = slot(key);
  if (!(s in store)) return undefined;
  const current = store[s] as T;
  if (only !== undefined && current !== only) return undefined;
  delete store[s];
  return current;
}
