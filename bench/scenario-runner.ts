// One full pass over the scenario set: each scenario on the app, then on the reference
// (back to back, so that the machine's noise hits both alike), with fresh JWTs each time.
import type postgres from "postgres";
import { refreshTokens, type Client } from "./clients";
import { createScratch, interleave, resetDrivers, sampleTasks } from "./fixtures";
import { measure } from "./load";
import { cpuProbe, databaseOf } from "./cpu";
import type { BenchOptions } from "./options";
import { SCENARIOS, type Scenario, type ScenarioContext, type Target } from "./scenarios";
import type { Server } from "./servers";
import type { ResultRow, RowTarget } from "./targets";
import type { LoadResult } from "./load";
import type { Baseline } from "./baseline";

export type Bench = {
  options: BenchOptions;
  sql: postgres.Sql;
  seededAt: Date;
  servers: { app: Server; reference?: Server };
  drivers: Client[];
  heavy: Client;
  deepCursor: Record<Target, string>;
  baseline?: Baseline;
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
  const base = bench.baseline ? await baselineSide(bench.baseline, ctx, rows) : undefined;
  for (const scenario of selectedScenarios(options)) {
    await refreshTokens(servers.app.url, [...bench.drivers, bench.heavy]);
    const targets: Target[] = scenario.reference && servers.reference ? ["app", "reference"] : ["app"];
    type Measured = { target: RowTarget; result: LoadResult };
    const measured = targets.map((target) => async (): Promise<Measured> => {
      const server = target === "app" ? servers.app : servers.reference!;
      const requests = await scenario.build(ctx, target);
      const cpu = cpuProbe(server.pid, sql, databaseOf(options.databaseUrl));
      return { target, result: await measure(server.url, requests.warmup, requests.measure, ctx.seconds, options, scenario.once, cpu) };
    });
    const own = base?.scenarios.find((s) => s.name === scenario.name);
    if (base && own) {
      const baseline = async (): Promise<Measured> => {
        await refreshTokens(base.server.url, [...base.ctx.drivers, base.ctx.heavy]);
        const requests = await own.build(base.ctx, "app");
        const cpu = cpuProbe(base.server.pid, base.sql, databaseOf(options.baseline!.databaseUrl));
        return { target: "baseline", result: await measure(base.server.url, requests.warmup, requests.measure, ctx.seconds, options, own.once, cpu) };
      };
      // Which goes first alternates by run, so that a drift during the pair favours neither.
      if (run % 2 === 0) measured.unshift(baseline);
      else measured.push(baseline);
    }
    for (const next of measured) {
      const { target, result } = await next();
      rows.push({ scenario: scenario.name, title: scenario.title, group: scenario.group, target, ...result });
      console.info(
        `[bench] run ${run} ${scenario.name.padEnd(12)} ${target.padEnd(9)} ${result.rps.toFixed(0).padStart(6)} req/s` +
          `  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms` +
          (result.appCpuMs === undefined ? "" : `  cpu/req app ${result.appCpuMs.toFixed(2)} ms db ${result.dbCpuMs!.toFixed(2)} ms`) +
          (result.errors ? `  ERRORS ${result.errors} (${JSON.stringify(result.statuses)} first: ${result.firstError})` : ""),
      );
    }
  }
  await resetDrivers(sql, driverIds, bench.seededAt);
  if (bench.baseline) await bench.baseline.fixtures.resetDrivers(bench.baseline.sql, bench.baseline.drivers.map((d) => d.id), bench.baseline.seededAt);
  return rows;
}

/** The baseline's own scenarios, over a context made by its own fixtures on its own database. */
async function baselineSide(baseline: Baseline, app: ScenarioContext, rows: ResultRow[]) {
  const { fixtures, sql } = baseline;
  const driverIds = baseline.drivers.map((d) => d.id);
  await fixtures.resetDrivers(sql, driverIds, baseline.seededAt);
  const ctx: ScenarioContext = {
    drivers: baseline.drivers,
    heavy: baseline.heavy,
    sample: fixtures.interleave(await fixtures.sampleTasks(sql, driverIds, 10)),
    scratch: fixtures.interleave(await fixtures.createScratch(sql, driverIds, SCRATCH_PER_DRIVER)),
    deepCursor: { app: baseline.deepCursor, reference: "" },
    searchWord: app.searchWord,
    deletable: async (count) => fixtures.interleave(await fixtures.createScratch(sql, driverIds, Math.ceil(count / driverIds.length))),
    rateOf: (name) => rows.find((r) => r.scenario === name && r.target === "baseline")?.rps,
    seconds: app.seconds,
  };
  return { server: baseline.server, sql, ctx, scenarios: baseline.scenarios.SCENARIOS };
}
