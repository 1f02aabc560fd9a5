// The two servers under load: the app (`next start` on the bench build) and the bare
// reference (bench/reference/server.ts), each on a free port against the bench database.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, stopChild, waitForReady } from "@/tests/support/app-server";
import { NEXT_BIN, ROOT } from "./build";
import type { BenchOptions } from "./options";

export type Server = {
  url: string;
  pid: number;
  /** Seconds from spawning the process to the first 200 from its readiness route. */
  startSeconds: number;
  stop(): Promise<void>;
};

/** The app as production runs it, with the limits that would throttle a load test turned off. */
export async function startApp(options: BenchOptions, root = ROOT): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { TEST: _t, VITEST: _v, ...inherited } = process.env;
  // root: this checkout, or the baseline's (bench/baseline.ts), each with its own Next.
  const next = root === ROOT ? NEXT_BIN : path.join(root, "node_modules/next/dist/bin/next");
  return launch(url, process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    ...inherited,
    NODE_ENV: "production",
    NEXT_DIST_DIR: options.distDir,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "tasks-bench-")),
    BETTER_AUTH_URL: url,
    BETTER_AUTH_SECRET: options.secret,
    AUTH_RATE_LIMIT: "off",
    API_RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "warn",
    // MAX_TASKS_PER_USER keeps its default (10,000): creates pay for the cap check as in
    // production; the writing users stay far below it (fixtures.ts cleans up every run).
    // The same for uploads: the quota is checked, but at 1 TiB a fast run's uploads (each
    // user's share of a scenario's, deleted after it) never reach it; ATTACHMENT_MAX_BYTES
    // and ATTACHMENTS_PER_TASK keep their defaults (10 MiB, 100: a few per scratch task).
    ATTACHMENT_QUOTA_BYTES: String(1024 ** 4),
  }, "/api/health", root);
}

/** The bare node:http + postgres.js server; it verifies the app's JWTs (iss/aud = appUrl). */
export async function startReference(options: BenchOptions, appUrl: string): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return launch(url, process.execPath, ["--import", "tsx", path.join(ROOT, "bench/reference/server.ts")], {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    BETTER_AUTH_URL: appUrl,
    BETTER_AUTH_SECRET: options.secret,
  }, "/api/health");
}

async function launch(url: string, command: string, args: string[], env: NodeJS.ProcessEnv, readyPath: string, cwd = ROOT): Promise<Server> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  if (process.env.BENCH_SERVER_LOG) {
    child.stdout!.pipe(process.stderr);
    child.stderr!.pipe(process.stderr);
  }
  try {
    await waitForReady(`${url}${readyPath}`, child, () => output, 10); // 10 ms: the start time is a result
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const startSeconds = (performance.now() - started) / 1000;
  return { url, pid: child.pid!, startSeconds, stop: () => stopChild(child) };
}
