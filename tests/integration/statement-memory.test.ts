import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { eachConcurrently, listSweep, sweepTasks } from "../support/list-sweep";

// Issue 10, 5: two rounds of every list shape, sent over HTTP to `next start` on
// PostgreSQL, must leave the app's PostgreSQL backends about as large as before. Each
// statement a connection keeps prepared costs that backend some 27 KB for as long as the
// connection lives (up to an hour): every shape prepared took a backend from 10 to 157 MB.
// The backends are this server's: the ones connected to its own database (PostgreSQL runs
// on this machine, and the tests run as a user that may read their /proc).

const POOL = 2;
const MiB = 1024 * 1024;

/** Private memory (Private_Clean + Private_Dirty) of one process, in bytes. */
function privateBytes(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(rollup)?.[1] ?? NaN);
  return (kib("Private_Clean") + kib("Private_Dirty")) * 1024;
}

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL backends' memory under distinct list requests (skipped on PGlite: it runs in the app's own process, with no backend to measure)", () => {
  const { server, as } = useAppServer({ users: ["Alice"], env: { DB_POOL_MAX: String(POOL), LOG_LEVEL: "warn" } });
  let admin: postgres.Sql;
  let database: string;

  beforeAll(async () => {
    const url = new URL(server.db.databaseUrl!);
    database = url.pathname.slice(1);
    url.pathname = "/postgres";
    admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const operations = sweepTasks().map((body) => ({ op: "create", body }));
    expect((await call(server, "POST", "/api/tasks/batch", { as: as("Alice"), json: { operations } })).status).toBe(200);
  });
  afterAll(() => admin?.end());

  const backends = async () =>
    (await admin`select pid from pg_stat_activity where datname = ${database} and backend_type = 'client backend' order by pid`).map(
      (r) => r.pid as number,
    );
  const memory = async (pids: number[]) => pids.reduce((sum, pid) => sum + privateBytes(pid), 0);

  /** Every shape's first page, and its second where there is one, POOL requests at a time; answers the statuses that were not 200. */
  async function sweep(queries: Record<string, string>[]): Promise<number[]> {
    const failed: number[] = [];
    const get = async (query: Record<string, string>) => {
      const res = await call(server, "GET", `/api/tasks?${new URLSearchParams(query)}`, { as: as("Alice") });
      if (res.status !== 200) failed.push(res.status);
      return res.body as { nextCursor: string | null } | undefined;
    };
    await eachConcurrently(queries, POOL, async (query) => {
      const first = await get(query);
      if (first?.nextCursor) await get({ ...query, cursor: first.nextCursor });
    });
    return failed;
  }

  it("stays flat over two rounds of every list shape", async () => {
    const shapes = listSweep();
    // Opens every connection of the pool and prepares what every request needs (the
    // session's statements, the plain list), so that the rounds measure only the shapes.
    expect(await sweep(shapes.slice(0, 200))).toEqual([]);
    const pids = await backends();
    expect(pids).toHaveLength(POOL);
    const before = await memory(pids);

    expect(await sweep(shapes)).toEqual([]);
    const afterOne = await memory(pids);
    expect(await sweep(shapes)).toEqual([]);
    const afterTwo = await memory(pids);
    // The same backends throughout (none closed idle and was replaced, which would hide growth).
    expect(await backends()).toEqual(pids);

    const grown = { roundOne: (afterOne - before) / MiB, roundTwo: (afterTwo - afterOne) / MiB };
    console.info(`backends' private memory: ${(before / MiB).toFixed(1)} MiB, +${grown.roundOne.toFixed(1)} MiB after round one, +${grown.roundTwo.toFixed(1)} MiB after round two`);
    expect(grown.roundOne).toBeLessThan(8);
    expect(grown.roundTwo).toBeLessThan(4);
  }, 600_000);
});
