// The bare reference: node:http + postgres.js doing the app's SQL with the app's JWT
// verification and session lookup, answering the same JSON. No framework, no validation
// library, no logging: the ceiling the app is measured against (issue 5).
// Env: PORT, DATABASE_URL, BETTER_AUTH_SECRET, BETTER_AUTH_URL (the app's, for iss/aud).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import postgres from "postgres";
import { authenticator } from "./auth";
import { taskJson, taskStore, type ListQuery } from "./tasks";

const env = (name: string) => process.env[name] || (() => { throw new Error(`${name} is required`); })();
// The app's pool: 15 connections and the same per-connection timeouts (db/client.ts), and
// the app's statement policy (lib/tasks/list.ts): every statement prepared, except
// full-text search, planned at each execution (a generic plan for it scans every user's
// matches), and list filters other than status, which the reference does not serve.
// postgres.js prepares its tagged queries; search runs on an unprepared client.
const options = {
  max: 15,
  connection: { statement_timeout: 10_000, idle_in_transaction_session_timeout: 10_000 },
  onnotice: () => {},
};
const sql = postgres(env("DATABASE_URL"), options);
const unprepared = postgres(env("DATABASE_URL"), { ...options, prepare: false });
const authenticate = authenticator(sql, env("BETTER_AUTH_SECRET"), env("BETTER_AUTH_URL"));
const store = taskStore(sql, env("BETTER_AUTH_SECRET"), unprepared);
const BODY_MAX = 16 * 1024;

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" }),
    "Cache-Control": "no-store",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const problem = (res: ServerResponse, status: number, title: string) => send(res, status, { type: "about:blank", title, status });

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_MAX) throw new Error("too large");
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
  return value as Record<string, unknown>;
}

function listQuery(params: URLSearchParams): ListQuery {
  const status = params.get("status");
  return {
    status: status === "pending" || status === "completed" ? status : undefined,
    q: params.get("q") ?? undefined,
    cursor: params.get("cursor") ?? undefined,
    listId: params.get("listId") ?? undefined,
    tag: params.get("tag") ? [...new Set(params.get("tag")!.split(",").map((n) => n.trim()))].sort() : undefined,
    tagMode: params.get("tagMode") === "all" ? "all" : undefined,
    limit: Math.min(100, Math.max(1, Number(params.get("limit") ?? 50) || 50)),
  };
}

const taskResponse = (res: ServerResponse, row: { revision: string } | undefined, status = 200, extra = {}) =>
  row ? send(res, status, taskJson(row as never), { ETag: `"${row.revision}"`, ...extra }) : problem(res, 404, "Not Found");

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://reference");
  const path = url.pathname;
  if (path === "/api/health/live") return send(res, 200, { status: "ok" });
  if (path === "/api/health") {
    await sql`select 1`;
    return send(res, 200, { status: "ok", database: "ok" });
  }
  const match = /^\/api\/tasks(?:\/([^/]+)(\/complete)?)?$/.exec(path);
  if (!match) return problem(res, 404, "Not Found");
  const userId = await authenticate({ authorization: req.headers.authorization, cookie: req.headers.cookie });
  if (!userId) return problem(res, 401, "Unauthorized");
  const [, id, complete] = match;
  const method = req.method;
  if (!id && method === "GET") {
    const page = await store.list(userId, listQuery(url.searchParams));
    return page ? send(res, 200, page) : problem(res, 400, "Invalid cursor");
  }
  if (!id && method === "POST") {
    const body = await readBody(req);
    if (typeof body?.title !== "string" || body.title.trim() === "") return problem(res, 422, "Validation Failed");
    const row = await store.create(userId, body);
    return taskResponse(res, row, 201, { Location: `/api/tasks/${row.id}` });
  }
  if (id && complete && method === "PATCH") {
    const body = await readBody(req);
    if (body?.completed !== undefined) return taskResponse(res, await store.patch(userId, id, { completed: body.completed }));
    return taskResponse(res, await store.toggle(userId, id));
  }
  if (id && !complete && method === "GET") return taskResponse(res, await store.get(userId, id));
  if (id && !complete && method === "PATCH") {
    const body = await readBody(req);
    if (!body || Object.keys(body).length === 0) return problem(res, 422, "Validation Failed");
    return taskResponse(res, await store.patch(userId, id, body));
  }
  if (id && !complete && method === "DELETE") {
    return (await store.remove(userId, id)) ? send(res, 204) : problem(res, 404, "Not Found");
  }
  return problem(res, 405, "Method Not Allowed");
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    console.error("[reference]", error);
    if (!res.headersSent) problem(res, error instanceof SyntaxError ? 400 : 500, "Error");
    else res.destroy();
  });
});
server.listen(Number(env("PORT")), "127.0.0.1");

const stop = () => server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
