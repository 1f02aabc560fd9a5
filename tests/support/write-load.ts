import postgres from "postgres";
import type { TestUser } from "./api-client";
import type { AppServer } from "./app-server";

// Clients that create and rename tasks in a loop while a test breaks things, keeping a
// ledger of every attempt and its answer; then a check of the ledger against the rows.

export type WriteOp = {
  client: number;
  kind: "create" | "update";
  /** The task's id: known before an update, learnt from the 201 of a create. */
  taskId: string | undefined;
  title: string;
  /** A create's unique tag, stored as the description (updates leave it alone). */
  tag: string;
  /** The HTTP status, or what went wrong below HTTP. */
  status: number | "network" | "timeout";
  startedAt: number;
  ms: number;
  retryAfter: string | null;
  body: unknown;
};

export const acknowledged = (op: WriteOp) => typeof op.status === "number" && op.status >= 200 && op.status < 300;

export type WriteLoad = {
  ops: WriteOp[];
  /** Ends every loop after its current request and waits for them. */
  stop(): Promise<void>;
};

export type WriteLoadOptions = {
  clients: number;
  /** Every loop is bounded, whatever happens to the test's timeline. */
  maxOpsPerClient: number;
  /** A request that takes longer is aborted and recorded as "timeout". */
  requestTimeoutMs: number;
  /** A pause after a refusal, so an outage is not a busy loop. */
  pauseAfterRefusalMs?: number;
  /**
   * How many of the clients sign their requests with the session cookie (a session lookup
   * in the database before the write) rather than the JWT (verified in memory).
   */
  cookieClients?: number;
};

export function startWriteLoad(server: AppServer, users: TestUser[], options: WriteLoadOptions): WriteLoad {
  const ops: WriteOp[] = [];
  let stopped = false;
  const loops = Array.from({ length: options.clients }, (_, client) =>
    clientLoop(server, users[client % users.length]!, client, options, ops, () => stopped),
  );
  return {
    ops,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function clientLoop(
  server: AppServer,
  user: TestUser,
  client: number,
  options: WriteLoadOptions,
  ops: WriteOp[],
  stopped: () => boolean,
): Promise<void> {
  const mine: string[] = []; // ids of this client's acknowledged creates
  const credentials: Record<string, string> =
    client < (options.cookieClients ?? 0)
      ? { cookie: user.cookie, origin: server.url }
      : { authorization: `Bearer ${user.jwt}` };
  for (let n = 0; n < options.maxOpsPerClient && !stopped(); n++) {
    const update = mine.length > 0 && n % 3 !== 0;
    const taskId = update ? mine[n % mine.length] : undefined;
    const tag = `c${client}-n${n}`;
    const op: WriteOp = {
      client,
      kind: update ? "update" : "create",
      taskId,
      title: update ? `${tag}-renamed` : tag,
      tag,
      status: "network",
      startedAt: Date.now(),
      ms: 0,
      retryAfter: null,
      body: undefined,
    };
    ops.push(op);
    const started = performance.now();
    try {
      const res = await fetch(`${server.url}/api/tasks${update ? `/${taskId}` : ""}`, {
        method: update ? "PATCH" : "POST",
        headers: { ...credentials, "content-type": "application/json" },
        body: JSON.stringify(update ? { title: op.title } : { title: op.title, description: tag }),
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
      const text = await res.text();
      op.status = res.status;
      op.retryAfter = res.headers.get("retry-after");
      op.body = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : text;
      if (op.kind === "create" && res.status === 201) {
        op.taskId = (op.body as { id: string }).id;
        mine.push(op.taskId);
      }
    } catch (error) {
      op.status = (error as Error).name === "TimeoutError" ? "timeout" : "network";
      op.body = String((error as Error).cause ?? error);
    }
    op.ms = performance.now() - started;
    if (!acknowledged(op)) await new Promise((r) => setTimeout(r, options.pauseAfterRefusalMs ?? 0));
  }
}

export type LedgerCheck = {
  acknowledged: number;
  found: number;
  /** One line per acknowledged write the database does not hold as acknowledged. */
  lost: string[];
  /** Creates that were not acknowledged but landed anyway (allowed: the answer was lost). */
  unacknowledgedLanded: number;
};

type TaskRow = { id: string; userId: string; title: string; description: string | null };

/**
 * Every create acknowledged with 2xx is there exactly once, under its id, with its tag;
 * no row comes from nowhere; and each task's title is its last acknowledged one, or one
 * attempted after it whose answer was lost (a 503 on a broken connection may come after
 * the commit). An attempt refused before an acknowledged one cannot land after it: each
 * client sends its next request only once it has the answer, and the faults here end the
 * server process with the connection.
 */
export async function checkLedger(databaseUrl: string, users: TestUser[], ops: WriteOp[]): Promise<LedgerCheck> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let rows: TaskRow[];
  try {
    rows = await sql<TaskRow[]>`
      select id, user_id as "userId", title, description from tasks where user_id in ${sql(users.map((u) => u.id))}`;
  } finally {
    await sql.end();
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const lost: string[] = [];
  const creates = ops.filter((op) => op.kind === "create");
  const createTags = new Set(creates.map((op) => op.tag));
  const tagCounts = new Map<string, number>();
  for (const row of rows) tagCounts.set(row.description ?? "", (tagCounts.get(row.description ?? "") ?? 0) + 1);

  for (const row of rows) {
    if (!createTags.has(row.description ?? "")) lost.push(`row ${row.id} (${row.description}) was never attempted`);
  }
  for (const [tag, count] of tagCounts) if (count > 1) lost.push(`create ${tag} is stored ${count} times`);
  for (const op of creates.filter(acknowledged)) {
    const row = byId.get(op.taskId!);
    if (!row) lost.push(`create ${op.tag} (${op.taskId}) acknowledged but missing`);
    else if (row.description !== op.tag) lost.push(`task ${op.taskId} holds ${row.description}, not ${op.tag}`);
  }

  // Per task, its titles in the order they were attempted (one client writes each task).
  const attempts = new Map<string, { title: string; acked: boolean }[]>();
  for (const op of ops) {
    if (op.kind === "create" && acknowledged(op)) attempts.set(op.taskId!, [{ title: op.title, acked: true }]);
    if (op.kind === "update") attempts.get(op.taskId!)!.push({ title: op.title, acked: acknowledged(op) });
  }
  for (const [id, tried] of attempts) {
    const row = byId.get(id);
    if (!row) continue; // already reported as a lost create
    const lastAcked = tried.map((t) => t.acked).lastIndexOf(true);
    const allowed = tried.slice(lastAcked).map((t) => t.title);
    if (!allowed.includes(row.title)) {
      lost.push(`task ${id} is titled ${JSON.stringify(row.title)}; acknowledged last: ${JSON.stringify(tried[lastAcked]!.title)}`);
    }
  }

  const acked = ops.filter(acknowledged).length;
  const ackedCreateIds = new Set(creates.filter(acknowledged).map((op) => op.taskId));
  return {
    acknowledged: acked,
    found: acked - lost.length,
    lost,
    unacknowledgedLanded: rows.filter((r) => !ackedCreateIds.has(r.id)).length,
  };
}
