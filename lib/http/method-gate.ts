import { subscribe } from "node:diagnostics_channel";
import { relayContentLength } from "./content-length-relay";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { AppError } from "../errors";
import { pathOf } from "../observability/route-label";
import { processSingleton } from "../singleton";
import { problemBody } from "./problem";

// The methods Next.js dispatches to a route handler. Node's parser takes many more
// (TRACE, PROPFIND, MKCOL, LOCK, PURGE, SEARCH, QUERY...), and Next 16 has no answer of
// ours for them, nor a hook to give one:
// - a route handler never sees them: the app-route module answers a bare 400 for any
//   method outside this list (AppRouteRouteModule.resolveHandler), and for TRACE it
//   fails before that, building the Request (`new Request` refuses TRACE): a 500 in plain
//   text and a stack trace on stderr;
// - a page renders for them as for GET;
// - rewrites, redirects and headers in next.config match on path, header, cookie, host
//   and query, never on the method; the only other place that sees the method is a
//   proxy.ts (middleware), which this app does not have, and which builds the same Request.
// So the gate below is installed from next.config.ts, which `next start` and `next dev`
// load in the process that serves the requests, and it takes them before Next does:
// Node's diagnostics channel "http.server.request.start" hands it the server once, and it
// puts itself in front of the server's request listener. A request with another method
// then goes on to Next as an OPTIONS with the method in REFUSED_METHOD_HEADER, which the
// routes' OPTIONS handlers answer with their 405 (lib/http/methods.ts); on the UI's paths
// (everything outside /api and /docs, where Next would answer an OPTIONS with a bare 400)
// the gate answers the 405 itself. A client's own REFUSED_METHOD_HEADER is dropped.
// Not covered: requests that arrive while the server is still loading next.config (the
// first fraction of a second after "Ready"), and deployments that never load next.config
// at run time (Vercel's functions, `output: "standalone"`), where Next answers as above.
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const REFUSED_METHOD_HEADER = "x-tasks-refused-method";

/** The UI's pages answer GET and HEAD (Next refuses an OPTIONS to a page). */
const UI_ALLOW = "GET, HEAD";

const NEXT_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

/** Route handlers live under these (app/api, app/docs); every other path is the UI's. */
function isRouteHandlerPath(path: string): boolean {
  return /^\/(api|docs)(\/|$)/.test(path);
}

/** The method the client sent: the one the gate turned into OPTIONS, or the request's own. */
export function requestMethod(req: Request): string {
  return req.headers.get(REFUSED_METHOD_HEADER) ?? req.method;
}

/** Whether the gate turned this request into an OPTIONS because Next does not take its method. */
export function isRefusedMethod(req: Request): boolean {
  return req.headers.has(REFUSED_METHOD_HEADER);
}

function refuseOnUi(res: ServerResponse): void {
  const body = JSON.stringify(problemBody(new AppError("method_not_allowed", `This route takes ${UI_ALLOW}.`)));
  res.writeHead(405, {
    "Content-Type": "application/problem+json",
    "Content-Length": Buffer.byteLength(body),
    Allow: UI_ALLOW,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  });
  res.end(body);
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function gate(server: Server): void {
  const next = server.listeners("request") as Listener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    delete req.headers[REFUSED_METHOD_HEADER];
    const method = req.method ?? "";
    if (!NEXT_METHODS.has(method)) {
      if (!isRouteHandlerPath(pathOf(req.url ?? "/"))) return refuseOnUi(res);
      req.headers[REFUSED_METHOD_HEADER] = method;
      req.method = "OPTIONS";
    }
    if (isRouteHandlerPath(pathOf(req.url ?? "/"))) relayContentLength(res);
    for (const listener of next) listener.call(server, req, res);
  });
}

/** Puts the gate in front of every HTTP server of this process, once (idempotent). */
export function installMethodGate(): void {
  processSingleton("method-gate", () => {
    const servers = new WeakSet<Server>();
    // Published for each request before the server emits "request": the first one of a
    // server gates it, and that very request already goes through the gate.
    subscribe("http.server.request.start", (message) => {
      const { server } = message as { server: Server };
      if (servers.has(server)) return;
      servers.add(server);
      gate(server);
    });
    return servers;
  });
}
