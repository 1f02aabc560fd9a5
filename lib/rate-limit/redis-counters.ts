import { Redis } from "ioredis";
import { config } from "@/lib/config";
import { processSingleton, resetProcessSingleton } from "@/lib/singleton";
import { CounterStoreUnavailableError, type CounterStore, type Rule, storedKey, verdictOf } from "./counters";

// The store for REDIS_URL: counters in Redis, shared by every instance that points at it.
// Each operation is one Lua script, atomic on the server, so concurrent requests each get
// their own count, as with the database store.

// INCR starts a window at 1 (Redis drops an expired key before touching it); the first
// request of a window sets its expiry. Refused requests stop counting at max + 1.
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local cap = tonumber(ARGV[2]) + 1
if count > cap then
  redis.call('SET', KEYS[1], cap, 'KEEPTTL')
  count = cap
end
return { count, ttl }`;

// DECR keeps the key's expiry; a key that has expired or was never counted is left alone.
const REFUND = `
local count = tonumber(redis.call('GET', KEYS[1]))
if count and count > 0 then redis.call('DECR', KEYS[1]) end
return 0`;

const KEY_PREFIX = "tasks:rate-limit:";
// A Redis that does not answer within this is down for our purposes: the auth request
// gets a 503 rather than waiting (and a limiter that cannot count never waves anyone through).
const COMMAND_TIMEOUT_MS = 2_000;

type Scripted = Redis & {
  tasksConsume(key: string, windowMs: number, max: number): Promise<[number, number]>;
  tasksRefund(key: string): Promise<unknown>;
};

function connect(url: string): Scripted {
  const redis = new Redis(url, {
    connectTimeout: config().database.connectTimeoutMs,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A command issued while disconnected waits for the reconnect (bounded by the command
    // timeout), then fails once, instead of being retried for ever.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  // Without a listener ioredis prints every failed reconnect; the requests report it.
  redis.on("error", () => {});
  redis.defineCommand("tasksConsume", { numberOfKeys: 1, lua: CONSUME });
  redis.defineCommand("tasksRefund", { numberOfKeys: 1, lua: REFUND });
  return redis as Scripted;
}

// One connection per process, for the latest URL: another URL closes the old one.
type Connection = { url: string; client: Scripted };

function client(url: string): Scripted {
  return processSingleton<Connection>("redis", () => ({ url, client: connect(url) }), {
    fits: (current) => current.url === url,
    replacing: (previous) => previous.client.disconnect(),
  }).client;
}

async function unavailableOnFailure<T>(op: Promise<T>): Promise<T> {
  try {
    return await op;
  } catch (error) {
    throw new CounterStoreUnavailableError("Redis did not answer", { cause: error });
  }
}

export function redisCounters(url: string): CounterStore {
  const redis = client(url);
  return {
    async consume(key: string, rule: Rule) {
      const [count, ttlMs] = await unavailableOnFailure(
        redis.tasksConsume(KEY_PREFIX + storedKey(key), rule.window * 1_000, rule.max),
      );
      return verdictOf(count, rule, Math.ceil(ttlMs / 1_000));
    },
    async refund(key: string) {
      await unavailableOnFailure(redis.tasksRefund(KEY_PREFIX + storedKey(key)));
    },
  };
}

/** Closes this process's Redis connection, if any (tests). */
export async function closeRedisCounters(): Promise<void> {
  const current = resetProcessSingleton<Connection>("redis");
  await current?.client.quit().catch(() => current.client.disconnect());
}
