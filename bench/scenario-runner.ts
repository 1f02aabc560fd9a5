// One full pass over the scenario set: each scenario on the app, then on the reference
// (back to back, so that the machine's noise hits both alike), with fresh JWTs each time.
import type postgres from "postgres";
import { refreshTokens, type Client } from "./clients";
import { createScratch, deleteAttachments, interleave, resetDrivers, sampleTasks } from "./fixtures";
import { measure, type HttpRequest, type LoadSettings } from "./load";
import { RssSampler } from "./rss";
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
    urlOf: (target) => (target === "app" ? servers.app.url : servers.reference!.url),
    removeAttachments: () => deleteAttachments(sql, driverIds),
  };
  const base = bench.baseline ? await baselineSide(bench.baseline, ctx, rows) : undefined;
  for (const scenario of selectedScenarios(options)) {
    await refreshTokens(servers.app.url, [...bench.drivers, bench.heavy]);
    const targets: Target[] = scenario.reference && servers.reference ? ["app", "reference"] : ["app"];
    type Measured = { target: RowTarget; result: Sampled };
    const measured = targets.map((target) => async (): Promise<Measured> => {
      const server = target === "app" ? servers.app : servers.reference!;
      const requests = await scenario.build(ctx, target);
      const cpu = cpuProbe(server.pid, sql, databaseOf(options.databaseUrl));
      const result = await sampled(server, requests, ctx.seconds, options, scenario.once, cpu);
      await scenario.after?.(ctx, target);
      return { target, result };
    });
    const own = base?.scenarios.find((s) => s.name === scenario.name);
    if (base && own) {
      const baseline = async (): Promise<Measured> => {
        await refreshTokens(base.server.url, [...base.ctx.drivers, base.ctx.heavy]);
        const requests = await own.build(base.ctx, "app");
        const cpu = cpuProbe(base.server.pid, base.sql, databaseOf(options.baseline!.databaseUrl));
        const result = await sampled(base.server, requests, ctx.seconds, options, own.once, cpu);
        await own.after?.(base.ctx, "app");
        return { target: "baseline", result };
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
          `  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms  peak RSS ${result.peakRssMb.toFixed(0)} MB` +
          (result.appCpuMs === undefined ? "" : `  cpu/req app ${result.appCpuMs.toFixed(2)} ms db ${result.dbCpuMs!.toFixed(2)} ms`) +
          (result.errors ? `  ERRORS ${result.errors} (${JSON.stringify(result.statuses)} first: ${result.firstError})` : ""),
      );
    }
  }
  await resetDrivers(sql, driverIds, bench.seededAt);
  if (bench.baseline) await bench.baseline.fixtures.resetDrivers(bench.baseline.sql, bench.baseline.drivers.map((d) => d.id), bench.baseline.seededAt);
  return rows;
}

type Sampled = LoadResult & { peakRssMb: number };

/**
 * measure(), with the server's peak RSS over the warm-up and the run, sampled every 100 ms:
 * an upload held whole in memory would show as connections x its size above a read's peak.
 */
async function sampled(
  server: Server,
  requests: { warmup: HttpRequest[]; measure: HttpRequest[] },
  seconds: { warmup: number; measure: number },
  settings: LoadSettings,
  once: boolean | undefined,
  cpu: ReturnType<typeof cpuProbe>,
): Promise<Sampled> {
  const rss = new RssSampler(server.pid, 100);
  try {
    const result = await measure(server.url, requests.warmup, requests.measure, seconds, settings, once, cpu);
    return { ...result, peakRssMb: Math.max(rss.peakMb, rss.sample()) };
  } finally {
    rss.stop();
  }
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
    urlOf: () => baseline.server.url,
    // A baseline from before issue 12 has no uploads (nor this function) to undo.
    removeAttachments: async () => fixtures.deleteAttachments?.(sql, driverIds),
  };
  return { server: baseline.server, sql, ctx, scenarios: baseline.scenarios.SCENARIOS };
}
