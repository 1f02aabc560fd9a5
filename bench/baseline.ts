// Before and after in one run: BENCH_BASELINE names another checkout of this repository
// (an earlier commit, with its own node_modules), and the bench runs that build beside the
// app, each scenario on one then the other, back to back. On a shared machine figures
// drift by a third between two runs minutes apart; back to back, the noise hits both alike,
// and "x base" is the ratio a budget such as "lose no more than 10%" is read from.
//
// The baseline keeps everything of its own: its database (BENCH_BASELINE_DATABASE_URL,
// seeded by its own bench/seed.ts, with its own migrations), its build (.next-bench in its
// folder), its fixtures and its scenario definitions (bench/fixtures.ts, bench/scenarios.ts
// of that checkout, which import nothing but their neighbours). Only the users, their
// password and the HTTP API are shared, as they are the same in every version.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { deepCursor, refreshTokens, signInClients, type Client } from "./clients";
import type * as Fixtures from "./fixtures";
import type { BenchOptions } from "./options";
import type * as Scenarios from "./scenarios";
import { startApp, type Server } from "./servers";

export type Baseline = {
  root: string;
  server: Server;
  sql: postgres.Sql;
  seededAt: Date;
  fixtures: typeof Fixtures;
  scenarios: typeof Scenarios;
  drivers: Client[];
  heavy: Client;
  deepCursor: string;
  stop(): Promise<void>;
};

function run(root: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} in ${root} exited with ${code}`))));
  });
}

// Modules loaded from the other checkout must not reach this one's code through "@/":
// that alias resolves against this checkout's tsconfig.
function importOwn<T>(root: string, file: string): Promise<T> {
  const full = path.join(root, file);
  if (/from "@\//.test(readFileSync(full, "utf8"))) throw new Error(`${full} imports through "@/": it cannot run as the baseline's own`);
  return import(pathToFileURL(full).href) as Promise<T>;
}

/** Seeds (or reuses) the baseline's dataset, builds it if needed, starts it and signs its users in. */
export async function startBaseline(options: BenchOptions, skip: number): Promise<Baseline | undefined> {
  if (!options.baseline) return undefined;
  const { root, databaseUrl } = options.baseline;
  if (!existsSync(path.join(root, "node_modules/next"))) throw new Error(`BENCH_BASELINE ${root}: no node_modules (run npm ci there)`);
  const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
  const dataset = {
    BENCH_DATABASE_URL: databaseUrl,
    BENCH_USERS: String(options.dataset.users),
    BENCH_TASKS_PER_USER: String(options.dataset.tasksPerUser),
    BENCH_HEAVY_TASKS: String(options.dataset.heavyTasks),
    BENCH_AUTH_SECRET: options.secret,
    BENCH_SMOKE: "",
  };
  await run(root, [tsx, "bench/seed.ts"], dataset);
  if (!existsSync(path.join(root, options.distDir, "BUILD_ID")) || !options.skipBuild) {
    await run(root, [tsx, "-e", `import("./bench/build.ts").then((m) => m.ensureBuild(${JSON.stringify(options.distDir)}, false))`], {});
  }
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const [marker] = await sql`select seeded_at from bench_dataset`;
  const server = await startApp({ ...options, databaseUrl }, root);
  try {
    const fixtures = await importOwn<typeof Fixtures>(root, "bench/fixtures.ts");
    const scenarios = await importOwn<typeof Scenarios>(root, "bench/scenarios.ts");
    const { drivers, heavy } = await signInClients(server.url, options.drivers, options.password);
    await refreshTokens(server.url, [heavy]);
    return {
      root, server, sql, seededAt: marker!.seeded_at as Date, fixtures, scenarios, drivers, heavy,
      deepCursor: await deepCursor(server.url, heavy.token, skip),
      async stop() {
        await server.stop();
        await sql.end({ timeout: 5 });
      },
    };
  } catch (error) {
    await server.stop();
    await sql.end({ timeout: 5 });
    throw error;
  }
}
