// `npm run bench` (`-- --smoke` for CI): seed or reuse the dataset, build, start the app and
// the reference, run every scenario BENCH_RUNS times, EXPLAIN the list queries, report.
// Exits 1 when any response was not 2xx (or wrk failed); never because of a timing.
import { loadavg } from "node:os";
import postgres from "postgres";
import { ensureBuild } from "./build";
import { deepCursor, refreshTokens, signInClients } from "./clients";
import { explainShapes, formatExplain, listShapes, type ExplainSummary } from "./explain";
import { deleteSessions, sampleTasks } from "./fixtures";
import { assertWrk } from "./load";
import { readOptions } from "./options";
import { formatTable, formatTargets, machine, timestamp, writeJson } from "./report";
import { RssSampler } from "./rss";
import { compareWithApp } from "./reference/compare";
import { runScenarios, type Bench } from "./scenario-runner";
import { dropDatabase, ensureDataset } from "./seed";
import { HEAVY_ID, userId } from "./seed-sql";
import { startApp, startReference, type Server } from "./servers";
import { startBaseline } from "./baseline";
import { evaluateTargets, type ResultRow } from "./targets";

const options = readOptions();
const log = (text: string) => console.info(`[bench] ${text}`);
const stamp = timestamp();
const running: Server[] = [];
let sql: postgres.Sql | undefined;
let stopped: Promise<void> | undefined;

function shutdown(): Promise<void> {
  return (stopped ??= (async () => {
    await Promise.all(running.map((s) => s.stop()));
    await sql?.end({ timeout: 5 });
    if (options.dropDatabase) await dropDatabase(options.databaseUrl);
  })());
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void shutdown().finally(() => process.exit(130)));
}

async function main(): Promise<number> {
  assertWrk();
  options.drivers = Math.min(options.drivers, options.dataset.users);
  const { users, tasksPerUser, heavyTasks } = options.dataset;
  log(`${options.smoke ? "smoke" : "full"} run: ${users} users x ${tasksPerUser} tasks + heavy ${heavyTasks}, ` +
    `${options.warmupSeconds}+${options.durationSeconds} s per scenario, ${options.connections} connections, ${options.runs} run(s)`);
  const dataset = await ensureDataset(options);
  log(`dataset ${dataset.reused ? "reused" : "seeded"} in ${dataset.seconds.toFixed(1)} s (${options.databaseUrl})`);
  const buildSeconds = await ensureBuild(options.distDir, options.skipBuild);
  log(buildSeconds ? `built ${options.distDir} in ${buildSeconds.toFixed(0)} s` : `reusing the build in ${options.distDir}`);

  sql = postgres(options.databaseUrl, { max: 2, onnotice: () => {} });
  const [{ server_version: postgresVersion }] = (await sql`show server_version`) as unknown as [{ server_version: string }];
  const driverIds = Array.from({ length: options.drivers }, (_, i) => userId(i + 1));
  await deleteSessions(sql, [...driverIds, HEAVY_ID]);

  // Start time is one short measurement on a noisy machine: take the median of a few starts.
  const starts: number[] = [];
  for (let i = 1; i < options.starts; i++) {
    const trial = await startApp(options);
    starts.push(trial.startSeconds);
    await trial.stop();
  }
  const app = await startApp(options);
  running.push(app);
  starts.push(app.startSeconds);
  const startSeconds = [...starts].sort((a, b) => a - b)[Math.floor(starts.length / 2)]!;
  const rss = new RssSampler(app.pid);
  log(`app start (spawn to first 200 from /api/health): median ${startSeconds.toFixed(2)} s of ${starts.map((s) => s.toFixed(2)).join(", ")}`);
  const reference = options.noReference ? undefined : await startReference(options, app.url);
  if (reference) running.push(reference);

  const { drivers, heavy } = await signInClients(app.url, options.drivers, options.password);
  await refreshTokens(app.url, [...drivers, heavy]);
  const skip = Math.max(100, Math.floor((heavyTasks - 1_000) / 100) * 100);
  const cursors = {
    app: await deepCursor(app.url, heavy.token, skip),
    reference: reference ? await deepCursor(reference.url, heavy.token, skip) : "",
  };
  log(`deep cursor: ${skip} tasks into the heavy user's list (page ${skip / 50 + 1} at 50 per page)`);
  const referenceCheck = reference ? await compareWithApp(app.url, reference.url, drivers[0]!, heavy) : [];
  if (reference) {
    log(referenceCheck.length ? `WARNING: the reference answers differently:\n  ${referenceCheck.join("\n  ")}` : "reference check: same answers as the app");
  }

  const baseline = await startBaseline(options, skip);
  if (baseline) {
    running.push({ ...baseline.server, stop: () => baseline.stop() });
    log(`baseline ${baseline.root}: started, ${baseline.drivers.length} users signed in, each scenario measured on both`);
  }

  const bench: Bench = { options, sql, seededAt: dataset.seededAt, servers: { app, reference }, drivers, heavy, deepCursor: cursors, baseline };
  const runs: ResultRow[][] = [];
  const runPeaksMb: number[] = [];
  // Other work on a shared machine moves every figure: the 1-minute load average after each
  // run says how much (on 2 cores, anything above 2 means the bench was not alone).
  const loadAverages: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    rss.resetWindow();
    runs.push(await runScenarios(bench, run));
    runPeaksMb.push(rss.resetWindow());
    loadAverages.push(loadavg()[0]!);
    log(`run ${run}: app peak RSS ${runPeaksMb.at(-1)!.toFixed(0)} MB, load average ${loadAverages.at(-1)!.toFixed(1)}`);
  }
  rss.stop();

  const [sampled] = await sampleTasks(sql, [driverIds[0]!], 1);
  const shapes = listShapes(HEAVY_ID, driverIds[0]!, cursors.app, options.searchWord, sampled![1]);
  const explained = await explainShapes(options.databaseUrl, options.secret, shapes, stamp);
  await shutdown();

  const last = runs.at(-1)!;
  const growth = runPeaksMb.length > 1 ? ((runPeaksMb.at(-1)! - runPeaksMb[0]!) / runPeaksMb[0]!) * 100 : undefined;
  const vitals = { startSeconds, peakRssMb: rss.peakMb, rssGrowthPct: growth };
  const targets = evaluateTargets(last, vitals, options.connections);
  const errors = runs.flat().reduce((n, r) => n + r.errors, 0);
  const file = writeJson(`${stamp}.json`, {
    date: new Date().toISOString(), machine: machine(postgresVersion), smoke: options.smoke,
    settings: { dataset: options.dataset, warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds,
      connections: options.connections, threads: options.threads, drivers: options.drivers, runs: options.runs },
    seed: { reused: dataset.reused, seconds: dataset.seconds }, buildSeconds,
    startSeconds, starts, referenceStartSeconds: reference?.startSeconds, baseline: options.baseline?.root,
    rss: { peakMb: rss.peakMb, runPeaksMb, growthPct: growth }, loadAverages, referenceCheck, runs, targets, explain: explained.summaries, errors,
  });

  console.info(`\n${formatTable(last)}\n`);
  console.info(`app start ${startSeconds.toFixed(2)} s (median of ${starts.length}), peak RSS ${rss.peakMb.toFixed(0)} MB` +
    `${growth === undefined ? "" : `, RSS growth ${growth.toFixed(1)}% (run peaks ${runPeaksMb.map((m) => m.toFixed(0)).join(" -> ")} MB)`}`);
  console.info(`\n${formatTargets(targets)}\n`);
  console.info(`EXPLAIN (ANALYZE, BUFFERS), full plans in ${explained.file}:`);
  console.info(explained.summaries.map((s: ExplainSummary) => `  ${formatExplain(s)}`).join("\n"));
  console.info(`\nresults: ${file}`);
  if (errors > 0) console.error(`\n[bench] FAILED: ${errors} request(s) without a 2xx answer: the figures are not a result.`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error("[bench] failed:", error);
    await shutdown().catch(() => {});
    process.exit(1);
  },
);
