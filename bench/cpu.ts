// CPU time spent per request, by the server's processes and by the PostgreSQL backends of
// its database, read from /proc around each measured run. Throughput on a shared machine
// moves with whatever else runs; the CPU a request costs moves much less, so it is what
// tells where a change made a request dearer: in our code (app) or in its SQL (db).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type postgres from "postgres";
import { descendants } from "./rss";

const TICK_MS = 1000 / (Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100);

/** utime + stime of one process, in ms (0 if it is gone). */
function processCpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return 0;
  }
  // After "pid (comm) ", field 3 onwards; comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

type Reading = Map<number, number>;

function readPids(pids: number[]): Reading {
  return new Map(pids.map((pid) => [pid, processCpuMs(pid)]));
}

// Processes that started in between count from zero; those that ended are lost (the app's
// pool keeps its connections, so its backends live through a run).
function spent(before: Reading, after: Reading): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

export type CpuProbe = { start(): Promise<() => Promise<{ appMs: number; dbMs: number }>> };

/** A probe of the server's process tree and of the backends connected to `database`. */
export function cpuProbe(serverPid: number, sql: postgres.Sql, database: string): CpuProbe {
  const backends = async () =>
    (await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`).map((r) => r.pid);
  return {
    async start() {
      const app = readPids(descendants(serverPid));
      const db = readPids(await backends());
      return async () => ({ appMs: spent(app, readPids(descendants(serverPid))), dbMs: spent(db, readPids(await backends())) });
    },
  };
}

export const databaseOf = (url: string) => new URL(url).pathname.slice(1);
