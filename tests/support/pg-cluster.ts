import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "./app-server";

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the
 * test may stop, start and disrupt without touching the machine's shared server. Built
 * with the installed server binaries (initdb, pg_ctl); as root they run as the `postgres`
 * OS user, since initdb refuses root.
 */
export type PgCluster = {
  port: number;
  /** The superuser's URL for the `postgres` database: a base for createTestDatabase. */
  url: string;
  start(): Promise<void>;
  /** pg_ctl stop -m fast: clients are disconnected, running transactions rolled back. */
  stop(): Promise<void>;
  /** Ends every session on `database` but the caller's; returns how many. */
  terminateBackends(database: string): Promise<number>;
  /** Stops the server (immediately) and removes its folder; safe to call twice. */
  destroy(): Promise<void>;
  /** The server's log, for failure messages. */
  log(): Promise<string>;
};

const run = promisify(execFile);

function serverBinaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(path.join(base, v, "bin/initdb")));
  if (!newest) throw new Error(`No PostgreSQL server binaries under ${base} (apt-get install -y postgresql), and PG_BIN is not set.`);
  return path.join(base, newest, "bin");
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = serverBinaries();
  const root = await mkdtemp(path.join(tmpdir(), "tasks-pg-"));
  const data = path.join(root, "data");
  const sockets = path.join(root, "sockets");
  const logFile = path.join(root, "server.log");
  mkdirSync(sockets);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    for (const dir of [root, sockets]) chownSync(dir, uid, gid);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args);

  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let running = false;
  const cluster: PgCluster = {
    port,
    url,
    async start() {
      // fsync off: a fast stop still writes everything out, and no test crashes the machine.
      const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      await pg("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "30", "start"]);
      running = true;
    },
    async stop() {
      await pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      running = false;
    },
    async terminateBackends(database) {
      const admin = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const rows = await admin`
          select pg_terminate_backend(pid) as ended from pg_stat_activity
          where datname = ${database} and pid <> pg_backend_pid()`;
        return rows.filter((r) => r.ended).length;
      } finally {
        await admin.end();
      }
    },
    async destroy() {
      if (running) await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      running = false;
      await rm(root, { recursive: true, force: true });
    },
    log: () => readFile(logFile, "utf8").catch(() => ""),
  };
  try {
    // trust: no passwords, like a developer's local server; it listens on 127.0.0.1 only.
    await pg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    await cluster.start();
  } catch (error) {
    const log = await cluster.log();
    await cluster.destroy();
    throw new Error(`Could not start a PostgreSQL cluster: ${(error as Error).message}\n${log}`);
  }
  return cluster;
}
