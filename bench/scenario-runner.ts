// One full pass over the scenario set: each scenario on the app, then on the reference
// (back to back, so that the machine's noise hits both alike), with fresh JWTs each time.
import type postgres from "postgres";
import { refreshTokens, type Client } from "./clients";
import { createScratch, interleave, resetDrivers, sampleTasks } from "./fixtures";
import { measure } from "./load";
import type { BenchOptions } from "./options";
import { SCENARIOS, type Scenario, type ScenarioContext, type Target } from "./scenarios";
import type { Server } from "./servers";
import type { ResultRow } from "./targets";

export type Bench = {
  options: BenchOptions;
  sql: postgres.Sql;
  seededAt: Date;
  servers: { app: Server; reference?: Server };
  drivers: Client[];
  heavy: Client;
  deepCursor: Record<Target, string>;
};

const SCRATCH_PER_DRIVER = 20;

export function selectedScenarios(options: BenchOptions): Scenario[] {
  const unknown = options.only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length) throw new Error(`unknown scenario(s) in BENCH_SCENARIOS: ${unknown.join(", ")}`);
  // liveness is every ratio's denominator: always measured.
  return SCENARIOS.filter((s) => options.only.length === 0 || s.name === "live" || options.only.includes(s.name));
}

export async function runScenarios(bench: Bench, run: number): Promise<ResultRow[]> {
  const { options, sql, servers } = bench;
  const driverIds = bench.drivers.map((d) => d.id);
  await resetDrivers(sql, driverIds, bench.seededAt);
  const rows: ResultRow[] = [];
  const ctx: ScenarioContext = {
    drivers: bench.drivers,
    heavy: bench.heavy,
    sample: interleave(await sampleTasks(sql, driverIds, 10)),
    scratch: interleave(await createScratch(sql, driverIds, SCRATCH_PER_DRIVER)),
    deepCursor: bench.deepCursor,
    searchWord: options.searchWord,
    deletable: async (count) => interleave(await createScratch(sql, driverIds, Math.ceil(count / driverIds.length))),
    rateOf: (name, target) => rows.find((r) => r.scenario === name && r.target === target)?.rps,
    seconds: { warmup: options.warmupSeconds, measure: options.durationSeconds },
  };
  for (const scenario of selectedScenarios(options)) {
    await refreshTokens(servers.app.url, [...bench.drivers, bench.heavy]);
    const targets: Target[] = scenario.reference && servers.reference ? ["app", "reference"] : ["app"];
    for (const target of targets) {
      const server = target === "app" ? servers.app : servers.reference!;
      const requests = await scenario.build(ctx, target);
      const result = await measure(server.url, requests.warmup, requests.measure, ctx.seconds, options, scenario.once);
      const row: ResultRow = { scenario: scenario.name, title: scenario.title, group: scenario.group, target, ...result };
      rows.push(row);
      console.info(
        `[bench] run ${run} ${scenario.name.padEnd(12)} ${target.padEnd(9)} ${result.rps.toFixed(0).padStart(6)} req/s` +
          `  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms` +
          (result.errors ? `  ERRORS ${result.errors} (${JSON.stringify(result.statuses)} first: ${result.firstError})` : ""),
      );
    }
  }
  await resetDrivers(sql, driverIds, bench.seededAt);
  return rows;
}
