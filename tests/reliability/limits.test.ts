import { createServer, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTask, signUp, type ApiResponse, type TestUser } from "../support/api-client";
import { startAppServer, type AppServer } from "../support/app-server";
import { startPgCluster, type PgCluster } from "../support/pg-cluster";
import { problems } from "../support/problems";

// Each bound on a database wait, met on purpose: a statement stuck behind a lock, every
// connection busy, a database that is down at the first request, one that accepts
// connections and never answers. Each ends in a 503 problem with Retry-After, in the time
// its setting says, and the app carries on once the cause is gone.

const BUSY = "The database is busy; try again shortly.";
const NOT_ANSWERING = "The database is not answering; try again shortly.";
const NO_QUOTA = { API_RATE_LIMIT_PER_MINUTE: "0", MAX_TASKS_PER_USER: "0" };

let cluster: PgCluster | undefined;
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  cluster = await startPgCluster();
  process.env.DATABASE_URL = cluster.url;
});

afterAll(async () => {
  await cluster?.destroy();
  process.env.DATABASE_URL = previousUrl;
});

/** The server's log from now on. */
function captureLog(server: AppServer): () => string {
  let log = "";
  server.child.stdout!.on("data", (chunk) => (log += chunk));
  server.child.stderr!.on("data", (chunk) => (log += chunk));
  return () => log;
}

async function timed(request: Promise<ApiResponse>): Promise<ApiResponse & { ms: number }> {
  const started = performance.now();
  const res = await request;
  return { ...res, ms: performance.now() - started };
}

/** Holds the task's row lock, which every write of that task waits for. */
async function lockTask(databaseUrl: string, taskId: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let release!: () => void;
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const held = sql.begin(async (tx) => {
    await tx`select 1 from tasks where id = ${taskId} for update`;
    locked();
    await new Promise<void>((r) => (release = r));
  });
  await isLocked;
  return {
    async release() {
      release();
      await held;
      await sql.end();
    },
  };
}

describe("a pool of one connection, two waiting for at most 500 ms, statements of at most 1 s", () => {
  let server: AppServer;
  let user: TestUser;
  let task: Record<string, any>;
  let log: () => string;
  beforeAll(async () => {
    server = await startAppServer({
      env: { ...NO_QUOTA, DB_POOL_MAX: "1", DB_QUEUE_MAX: "2", DB_QUEUE_TIMEOUT_MS: "500", DB_STATEMENT_TIMEOUT_MS: "1000" },
    });
    log = captureLog(server);
    user = await signUp(server, "Locked");
    task = await createTask(server, user, { title: "before" });
  });
  afterAll(() => server?.stop());

  const rename = (title: string) => call(server, "PATCH", `/api/tasks/${task.id}`, { as: { user, via: "jwt" }, json: { title } });

  it("a statement stuck behind a lock is cancelled at DB_STATEMENT_TIMEOUT_MS (57014): 503, and nothing changed", async () => {
    const lock = await lockTask(server.db.databaseUrl!, task.id);
    let res;
    try {
      res = await timed(rename("while locked"));
    } finally {
      await lock.release();
    }
    expect([res.status, res.headers.get("retry-after"), res.body]).toEqual([503, "5", problems.unavailable(NOT_ANSWERING)]);
    expect(res.ms).toBeGreaterThanOrEqual(900);
    expect(res.ms).toBeLessThan(2_500);
    expect(log()).toContain("canceling statement due to statement timeout");
    const now = await call(server, "GET", `/api/tasks/${task.id}`, { as: { user, via: "jwt" } });
    expect(now.body.title).toBe("before");
  });

  it("with the one connection busy: two wait and give up after 500 ms, the rest are refused at once", async () => {
    const lock = await lockTask(server.db.databaseUrl!, task.id);
    const before = log().length;
    let answers;
    try {
      answers = await Promise.all(Array.from({ length: 5 }, (_, i) => timed(rename(`burst ${i}`))));
    } finally {
      await lock.release();
    }
    const outcomes = answers.map((a) => `${a.status} ${a.headers.get("retry-after")} ${a.body.detail}`).sort();
    expect(outcomes).toEqual([
      `503 5 ${BUSY}`,
      `503 5 ${BUSY}`,
      `503 5 ${BUSY}`,
      `503 5 ${BUSY}`,
      `503 5 ${NOT_ANSWERING}`, // the one that got the connection: cancelled by the statement timeout
    ]);
    for (const a of answers) expect(a.ms).toBeLessThan(2_000);
    const busyLog = log().slice(before);
    expect(busyLog.match(/2 queries are already waiting for a database connection/g)).toHaveLength(2);
    expect(busyLog.match(/no database connection came free within 500 ms/g)).toHaveLength(2);
  });

  it("once the lock is gone, writes go through again", async () => {
    const res = await rename("after");
    expect([res.status, res.body.title]).toEqual([200, "after"]);
  });
});

describe("the first request comes while the database is down", () => {
  let server: AppServer;
  beforeAll(async () => {
    // Live, never asked for the database yet: its migrations run on the first request.
    server = await startAppServer({ env: NO_QUOTA, readyPath: "/api/health/live" });
  });
  afterAll(async () => {
    await cluster!.start().catch(() => {}); // in case the test failed with it stopped
    await server?.stop();
  });

  it("503 at once, every time; after the database is back, the app serves without a restart", async () => {
    await cluster!.stop();
    const anyBearer = { headers: { authorization: "Bearer x.y.z" } };
    for (let i = 0; i < 3; i++) {
      const res = await timed(call(server, "GET", "/api/tasks", anyBearer));
      expect([res.status, res.headers.get("retry-after"), res.body]).toEqual([503, "5", problems.unavailable(NOT_ANSWERING)]);
      expect(res.ms).toBeLessThan(1_000);
    }
    await cluster!.start();
    const deadline = Date.now() + 10_000;
    let health = await call(server, "GET", "/api/health");
    while (health.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      health = await call(server, "GET", "/api/health");
    }
    expect(health.body).toEqual({ status: "ok", database: "ok" });
    // Migrated and answering: a bad token is now a plain 401, not a 503.
    expect((await call(server, "GET", "/api/tasks", anyBearer)).status).toBe(401);
  });
});

describe("a database that accepts connections and never answers", () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let server: AppServer;
  let log: () => string;
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as { port: number };
    server = await startAppServer({
      env: { ...NO_QUOTA, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, DB_CONNECT_TIMEOUT_MS: "1000" },
      readyPath: "/api/health/live",
    });
    log = captureLog(server);
  });
  afterAll(async () => {
    await server?.stop();
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => silent?.close(r));
  });

  it("waits for the first-use migrations no longer than DB_CONNECT_TIMEOUT_MS: 503, not a hang", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await timed(call(server, "GET", "/api/tasks", { headers: { authorization: "Bearer x.y.z" } }));
      expect([res.status, res.headers.get("retry-after"), res.body]).toEqual([503, "5", problems.unavailable(NOT_ANSWERING)]);
      expect(res.ms).toBeGreaterThanOrEqual(900);
      expect(res.ms).toBeLessThan(2_500);
    }
    expect(log()).toContain("the migrations did not finish within 1000 ms");
    const health = await timed(call(server, "GET", "/api/health"));
    expect([health.status, health.ms < 3_000]).toEqual([503, true]);
  });
});
