import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PoolGate } from "@/db/pool-gate";
import { processSingleton } from "@/lib/singleton";

// The process's Prometheus metrics, served by GET /api/metrics. One registry per process
// (lib/singleton.ts): Next loads this module once per route bundle, and every bundle must count
// into the same series.

export type RateLimiter = "api" | "auth_ip" | "auth_account";
const LIMITERS: RateLimiter[] = ["api", "auth_ip", "auth_account"];

type HttpLabels = "method" | "route" | "status";

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<HttpLabels>;
  httpDuration: Histogram<HttpLabels>;
  dbQueryDuration: Histogram<"statement">;
  rateLimitRejections: Counter<"limiter">;
};

function createMetrics(): Metrics {
  const registry = new Registry();
  // process_* and nodejs_*: no name of ours starts with either.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const rateLimitRejections = new Counter({
    name: "rate_limit_rejections_total",
    help: "Requests refused with 429, by limiter: api (per user, /api/tasks), auth_ip and auth_account (/api/auth)",
    labelNames: ["limiter"],
    registers,
  });
  // Every limiter present from the start, so that rate() and alerts see a 0, not no data.
  for (const limiter of LIMITERS) rateLimitRejections.inc({ limiter }, 0);
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "API requests answered, by method, route and status",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time from the request reaching the API handler to its response, by method, route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: "db_query_duration_seconds",
      help: "PostgreSQL statements from a free connection to their result, by statement name; transaction: a whole transaction",
      labelNames: ["statement"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    rateLimitRejections,
  };
}

export function metrics(): Metrics {
  return processSingleton("metrics", createMetrics);
}

export function countRateLimitRejection(limiter: RateLimiter): void {
  metrics().rateLimitRejections.inc({ limiter });
}

/**
 * Reports the PostgreSQL pool's gate as db_pool_size, db_pool_in_use and db_pool_waiting,
 * read when scraped (nothing is pushed per query). The latest pool wins: a new database
 * client replaces a closed one. PGlite has no pool, and no such gauges.
 */
export function observePool(gate: PoolGate): void {
  observedPool().gate = gate;
  const { registry } = metrics();
  if (registry.getSingleMetric("db_pool_size")) return;
  const gauge = (name: string, help: string, read: (gate: PoolGate) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = observedPool().gate;
        if (current) this.set(read(current));
      },
    });
  gauge("db_pool_size", "PostgreSQL connections the pool may open (DB_POOL_MAX)", (g) => g.limits.active);
  gauge("db_pool_in_use", "Queries and transactions running on a connection now", (g) => g.active);
  gauge("db_pool_waiting", "Queries and transactions waiting for a connection now", (g) => g.waiting);
}

// The pool the gauges read, per process like the registry they are in.
const observedPool = () => processSingleton("pool-gate", (): { gate?: PoolGate } => ({}));
