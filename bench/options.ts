// The benchmark's settings, read once from the environment and argv (bench/README.md lists them).
import path from "node:path";

export type DatasetParams = { users: number; tasksPerUser: number; heavyTasks: number };

export type BenchOptions = {
  smoke: boolean;
  databaseUrl: string;
  /** Drop the database when the run ends (the smoke's own database). */
  dropDatabase: boolean;
  dataset: DatasetParams;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  threads: number;
  /** Users whose tokens the scenarios rotate through (reads and writes). */
  drivers: number;
  /** Full passes over the scenario set (RSS growth compares the first and the last). */
  runs: number;
  /** App starts timed (the median is reported); the last one serves the load. */
  starts: number;
  distDir: string;
  skipBuild: boolean;
  /** Scenario names to run (BENCH_SCENARIOS=list,get); empty: all. */
  only: string[];
  /** Skip the reference server's scenarios. */
  noReference: boolean;
  /** BENCH_BASELINE: another checkout measured beside this one (bench/baseline.ts). */
  baseline?: { root: string; databaseUrl: string };
  secret: string;
  password: string;
  /** The word the search scenario looks for: it is in about 3% of titles (seed-sql.ts). */
  searchWord: string;
};

function int(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min}, not ${raw}`);
  return value;
}

export function readOptions(argv = process.argv.slice(2)): BenchOptions {
  const smoke = argv.includes("--smoke") || process.env.BENCH_SMOKE === "1";
  const defaultUrl = `postgres://postgres@127.0.0.1:5432/${smoke ? "tasks_bench_smoke" : "tasks_bench"}`;
  return {
    smoke,
    databaseUrl: process.env.BENCH_DATABASE_URL || defaultUrl,
    dropDatabase: smoke && process.env.BENCH_KEEP_DATABASE !== "1",
    dataset: {
      users: int("BENCH_USERS", smoke ? 50 : 10_000, 1),
      tasksPerUser: int("BENCH_TASKS_PER_USER", smoke ? 20 : 100, 1),
      heavyTasks: int("BENCH_HEAVY_TASKS", smoke ? 2_000 : 50_000, 200),
    },
    // Whole seconds: wrk takes no fractions.
    warmupSeconds: Math.round(int("BENCH_WARMUP", smoke ? 0 : 3)),
    durationSeconds: Math.round(int("BENCH_DURATION", smoke ? 1 : 10, 1)),
    connections: int("BENCH_CONNECTIONS", 10, 1),
    threads: int("BENCH_THREADS", 1, 1),
    drivers: int("BENCH_DRIVERS", smoke ? 10 : 20, 1),
    runs: int("BENCH_RUNS", smoke ? 1 : 2, 1),
    starts: int("BENCH_STARTS", smoke ? 1 : 3, 1),
    distDir: process.env.BENCH_DIST_DIR || process.env.NEXT_DIST_DIR || ".next-bench",
    skipBuild: process.env.BENCH_SKIP_BUILD === "1",
    // Another checkout to measure beside this one, scenario by scenario (bench/baseline.ts).
    baseline: process.env.BENCH_BASELINE
      ? {
          root: path.resolve(process.env.BENCH_BASELINE),
          databaseUrl: process.env.BENCH_BASELINE_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/tasks_bench_baseline",
        }
      : undefined,
    only: (process.env.BENCH_SCENARIOS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    noReference: process.env.BENCH_NO_REFERENCE === "1",
    secret: process.env.BENCH_AUTH_SECRET || "bench-secret-for-the-benchmark-only-0123456789",
    password: "bench-password-123",
    searchWord: "invoice",
  };
}
