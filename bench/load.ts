// Drives one scenario against one server with wrk: a warm-up, then the measured run, each
// replaying prepared requests (bench/wrk/requests.lua) and counting every non-2xx answer.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./build";
import type { CpuProbe } from "./cpu";

export const WRK = process.env.BENCH_WRK || "/usr/bin/wrk";
const SCRIPT = path.join(ROOT, "bench/wrk/requests.lua");
const workDir = mkdtempSync(path.join(tmpdir(), "tasks-bench-wrk-"));

/** `bodyFile`: a file whose bytes are the body, sent as they are (uploads, bench/multipart.ts). */
export type HttpRequest = { method: string; path: string; headers?: Record<string, string>; body?: string; bodyFile?: string };

export type LoadResult = {
  rps: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and requests beyond a "once" list, warm-up included. */
  errors: number;
  statuses: Record<string, number>;
  firstError: string | null;
  /** CPU per measured request: the server's processes, and its database's backends (cpu.ts). */
  appCpuMs?: number;
  dbCpuMs?: number;
};

type WrkSummary = {
  requests: number;
  durationUs: number;
  p50Us: number;
  p99Us: number;
  non2xx: number;
  exhausted: number;
  socket: Record<string, number>;
  statuses: Record<string, number>;
  firstError: string | null;
};

export function assertWrk(): void {
  if (!existsSync(WRK)) {
    throw new Error(`wrk not found at ${WRK}: apt-get install -y wrk (or set BENCH_WRK). See bench/README.md for autocannon.`);
  }
}

let files = 0;
function writeRequests(requests: HttpRequest[]): string {
  const file = path.join(workDir, `requests-${files++}.tsv`);
  const lines = requests.map((r) => {
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join("\x1f");
    if (/[\t\n]/.test(r.path + headers + (r.body ?? "") + (r.bodyFile ?? ""))) throw new Error("requests must not contain tabs or newlines");
    if (r.body !== undefined && r.bodyFile !== undefined) throw new Error("a request has a body or a body file, not both");
    return [r.method, r.path, headers, r.body ?? "", r.bodyFile ?? ""].join("\t");
  });
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

export type LoadSettings = { connections: number; threads: number };

/** One wrk run of `seconds` over `requests`; `once`: every request at most once (deletes). */
export async function runWrk(url: string, requests: HttpRequest[], seconds: number, settings: LoadSettings, once = false): Promise<WrkSummary> {
  const file = writeRequests(requests);
  const threads = Math.min(settings.threads, settings.connections);
  const args = [`-t${threads}`, `-c${settings.connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", SCRIPT, url, "--", file, once ? "once" : "cycle", String(threads)];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(WRK, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}:\n${out}`))));
  });
  const line = output.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as WrkSummary;
}

const errorsOf = (s: WrkSummary) => s.non2xx + s.exhausted + Object.values(s.socket).reduce((a, b) => a + b, 0);

/** Warm-up (checked, not measured), then the measured run. */
export async function measure(
  url: string,
  warmup: HttpRequest[] | undefined,
  requests: HttpRequest[],
  seconds: { warmup: number; measure: number },
  settings: LoadSettings,
  once = false,
  cpu?: CpuProbe,
): Promise<LoadResult> {
  let warmErrors = 0;
  let warmFirst: string | null = null;
  if (seconds.warmup > 0 && warmup) {
    const warm = await runWrk(url, warmup, seconds.warmup, settings, once);
    warmErrors = errorsOf(warm);
    warmFirst = warm.firstError;
  }
  const stop = await cpu?.start();
  const run = await runWrk(url, requests, seconds.measure, settings, once);
  const used = await stop?.();
  return {
    ...(used && run.requests > 0 ? { appCpuMs: used.appMs / run.requests, dbCpuMs: used.dbMs / run.requests } : {}),
    rps: run.requests / (run.durationUs / 1e6),
    requests: run.requests,
    p50Ms: run.p50Us / 1000,
    p99Ms: run.p99Us / 1000,
    errors: warmErrors + errorsOf(run),
    statuses: run.statuses,
    firstError: warmFirst ?? run.firstError ?? (run.exhausted ? `ran out of prepared requests (${run.exhausted})` : null),
  };
}
