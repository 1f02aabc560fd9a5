// The bench's output: a table on stdout (the last run), the target lines, and the whole
// result as JSON in bench/results/<timestamp>.json (git-ignored).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { ROOT } from "./build";
import type { ResultRow, TargetLine } from "./targets";

export const RESULTS_DIR = path.join(ROOT, "bench/results");

export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z");
}

export function machine(postgresVersion: string) {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "?";
  const nproc = Number(execFileSync("nproc").toString().trim());
  return { nproc, cpu, node: process.version, postgres: postgresVersion, wrk: "wrk (Debian)" };
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

export function formatTable(rows: ResultRow[]): string {
  const live = (target: string) => rows.find((r) => r.scenario === "live" && r.target === target);
  const withBaseline = rows.some((r) => r.target === "baseline");
  const header = ["scenario", "target", "req/s", "p50 ms", "p99 ms", "errors", "x live", "x ref", ...(withBaseline ? ["x base"] : []), "cpu app ms", "cpu db ms", "peak rss MB"];
  const body = rows.map((r) => {
    const floor = live(r.target);
    const ref = r.target === "app" ? rows.find((x) => x.scenario === r.scenario && x.target === "reference") : undefined;
    const base = r.target === "app" ? rows.find((x) => x.scenario === r.scenario && x.target === "baseline") : undefined;
    return [
      r.title,
      r.target,
      r.rps.toFixed(0),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.errors ? `${r.errors} !` : "0",
      floor ? (r.rps / floor.rps).toFixed(2) : "",
      ref ? (r.rps / ref.rps).toFixed(2) : "",
      ...(withBaseline ? [base ? (r.rps / base.rps).toFixed(2) : ""] : []),
      r.appCpuMs === undefined ? "" : r.appCpuMs.toFixed(2),
      r.dbCpuMs === undefined ? "" : r.dbCpuMs.toFixed(2),
      r.peakRssMb === undefined ? "" : r.peakRssMb.toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!, i >= 2)).join(" | ")} |`;
  return [line(header), `|${widths.map((w, i) => (i >= 2 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`, ...body.map(line)].join("\n");
}

export function formatTargets(lines: TargetLine[]): string {
  return lines.map((l) => `${l.pass ? "PASS" : "MISS"}  ${l.text}`).join("\n");
}

export function writeJson(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
  return path.relative(ROOT, file);
}
