import { describe, expect, it } from "vitest";
import { PoolGate } from "@/db/pool-gate";
import { countRateLimitRejection, metrics, observePool } from "@/lib/observability/metrics";
import { processSingleton } from "@/lib/singleton";

const sample = (text: string, name: string) => text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

describe("the metrics registry", () => {
  it("is one per process (a process singleton)", () => {
    expect(metrics()).toBe(metrics());
    expect(processSingleton("metrics", () => undefined)).toBe(metrics());
  });

  it("has every rate limiter at 0 from the start, then counts refusals", async () => {
    const before = await metrics().registry.metrics();
    for (const limiter of ["api", "auth_ip", "auth_account"]) {
      expect(sample(before, `rate_limit_rejections_total{limiter="${limiter}"}`)).toMatch(/ 0$/);
    }
    countRateLimitRejection("auth_account");
    countRateLimitRejection("auth_account");
    expect(sample(await metrics().registry.metrics(), 'rate_limit_rejections_total{limiter="auth_account"}')).toMatch(/ 2$/);
  });

  it("reads the pool gate when scraped: size, in use, waiting", async () => {
    const gate = new PoolGate({ active: 2, queueMax: 5, queueTimeoutMs: 1000 });
    observePool(gate);
    gate.tryEnter();
    gate.tryEnter();
    const waiting = gate.enter();
    const text = await metrics().registry.metrics();
    expect([sample(text, "db_pool_size"), sample(text, "db_pool_in_use"), sample(text, "db_pool_waiting")]).toEqual([
      "db_pool_size 2",
      "db_pool_in_use 2",
      "db_pool_waiting 1",
    ]);
    gate.leave();
    await waiting;
    gate.leave();
    gate.leave();
    expect(sample(await metrics().registry.metrics(), "db_pool_in_use")).toBe("db_pool_in_use 0");
  });

  it("a new pool replaces the old one, and the gauges are not registered twice", async () => {
    observePool(new PoolGate({ active: 7, queueMax: 0, queueTimeoutMs: 1 }));
    const text = await metrics().registry.metrics();
    expect(sample(text, "db_pool_size")).toBe("db_pool_size 7");
    expect(text.match(/^# TYPE db_pool_size gauge$/gm)).toHaveLength(1);
  });

  it("exposes the default process metrics, none of which clashes with ours", async () => {
    const names = (await metrics().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["process_cpu_user_seconds_total", "nodejs_eventloop_lag_seconds", "http_requests_total"]));
    expect(new Set(names).size).toBe(names.length);
  });
});
