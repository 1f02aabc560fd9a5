import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUp, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { startPgCluster, type PgCluster } from "../support/pg-cluster";
import { acknowledged, checkLedger, startWriteLoad } from "../support/write-load";

// SIGTERM in the middle of a burst of writes, sent to `npm start` (the README's command)
// as a supervisor sends it: npm hands it to `next start`, which stops accepting and
// finishes what it has, then db/shutdown.ts closes the pool and both exit 0, leaving no
// server behind on the port. Every write acknowledged before the end is in the database;
// none in flight is cut off with an error.

const EXIT_WITHIN_MS = 5_000;

let cluster: PgCluster | undefined;
let server: AppServer | undefined;
let users: TestUser[];
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  cluster = await startPgCluster();
  process.env.DATABASE_URL = cluster.url;
  server = await startAppServer({ viaNpmStart: true, env: { API_RATE_LIMIT_PER_MINUTE: "0", MAX_TASKS_PER_USER: "0" } });
  users = await Promise.all(Array.from({ length: 2 }, (_, i) => signUp(server!, `Burst${i}`)));
});

afterAll(async () => {
  try {
    await server?.stop();
  } finally {
    await cluster?.destroy();
    process.env.DATABASE_URL = previousUrl;
  }
});

it("finishes the requests in flight, closes the pool, exits 0 within seconds, and keeps every acknowledged write", async () => {
  const child = server!.child;
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;

  // Half the clients by cookie: their requests make two trips to the database (the
  // session, then the write), so some are between the two when the signal comes.
  const load = startWriteLoad(server!, users, { clients: 8, cookieClients: 4, maxOpsPerClient: 2_000, requestTimeoutMs: 15_000 });
  // Let the burst build up, then signal with requests in flight.
  while (load.ops.filter(acknowledged).length < 100) await new Promise((r) => setTimeout(r, 20));
  const signalled = Date.now();
  child.kill("SIGTERM");
  const [code, signal] = await exited;
  const exitMs = Date.now() - signalled;
  // Loops end on their own once the server is gone (each request then fails to connect).
  await load.stop();

  const ops = load.ops;
  const answeredAfterSignal = ops.filter((op) => op.startedAt < signalled && op.startedAt + op.ms > signalled && acknowledged(op));
  const ledger = await checkLedger(server!.db.databaseUrl!, users, ops);
  console.info(
    `shutdown test: exit ${code} after ${exitMs} ms; ${ledger.acknowledged} acknowledged, ${ledger.found} found, ` +
      `${ledger.lost.length} lost; ${answeredAfterSignal.length} requests in flight at SIGTERM finished with 2xx; ` +
      `${ops.filter((op) => op.status === "network").length} refused at the socket after it`,
  );

  expect({ code, signal }).toEqual({ code: 0, signal: null });
  // npm did not leave `next start` running on the port as an orphan.
  expect(await portAccepts(new URL(server!.url).port)).toBe(false);
  expect(exitMs).toBeLessThan(EXIT_WITHIN_MS);
  expect(output).toContain("[tasks] SIGTERM - requests finished, database closed");
  // Requests the server had accepted were answered: with a success, never a 5xx because
  // the pool went away under them. Those that came after found no server (a socket error).
  const answeredBadly = ops.filter((op) => typeof op.status === "number" && !acknowledged(op));
  expect(answeredBadly.map((op) => `${op.kind} ${op.tag}: ${op.status} ${JSON.stringify(op.body)}`)).toEqual([]);
  expect(ops.filter((op) => op.status === "timeout")).toEqual([]);
  // The signal did land mid-burst: this test cannot pass by signalling an idle server.
  expect(answeredAfterSignal.length).toBeGreaterThan(0);
  expect(ledger.lost).toEqual([]);
  expect(ledger.found).toBe(ledger.acknowledged);
});

function portAccepts(port: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(port), "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
