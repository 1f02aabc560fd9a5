import { recordRequest } from "@/lib/observability/access-log";
import { logger } from "@/lib/observability/logger";
import { requestIdOf } from "@/lib/observability/request-id";
import { pathOf, routeLabel } from "@/lib/observability/route-label";
import { requestMethod } from "./method-gate";
import { problemResponse } from "./problem";
import { toAppError } from "./to-app-error";

type RouteContext<P> = { params: Promise<P> };

/**
 * What a handler wrapped by withErrors gets: the route's params, headers that go on
 * whatever response comes out, a problem included (a wrapper's RateLimit headers), and
 * the request's entry in the access log (withUser fills in the caller).
 */
export type HandlerContext<P> = { params: P; headers: Headers; request: RequestEntry };

export type RequestEntry = { id: string; userId: string | undefined };

// Headers every API response carries: nothing here may be cached by a shared cache
// (unless the route says otherwise) or sniffed into something executable; and the
// request id, so that a client can quote it and an operator find the log line.
function withApiHeaders(res: Response, extra: Headers, requestId: string): Response {
  for (const [name, value] of extra) res.headers.set(name, value);
  if (!res.headers.has("Cache-Control")) res.headers.set("Cache-Control", "no-store");
  res.headers.set("X-Content-Type-Options", "nosniff");
  res.headers.set("X-Request-Id", requestId);
  // A 413 stops reading the body midway (lib/http/read-json.ts). Left open, the connection
  // still holds the rest of it, and the client's next request on it waits behind those
  // bytes until the keep-alive timeout resets it (5 s, then ECONNRESET; measured on a
  // chunked 20 KiB body: 1 request in 2). Closing it is what RFC 9110 asks of a server
  // that does not read a request's content.
  if (res.status === 413) res.headers.set("Connection", "close");
  return res;
}

/**
 * A route that needs no caller: errors still take the one problem+json path, and every
 * request, answered or failed, gets its X-Request-Id, its access log line and its metrics.
 */
export function withErrors<P = object>(
  fn: (req: Request, ctx: HandlerContext<P>) => Promise<Response>,
  /** accessLog: false for a probe polled every few seconds (/api/health/live): no log line, still metrics. */
  { accessLog = true }: { accessLog?: boolean } = {},
) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    const started = performance.now();
    logger(); // made before anything can print: it takes over console.* (logger.ts)
    const request: RequestEntry = { id: requestIdOf(req.headers.get("x-request-id")), userId: undefined };
    const headers = new Headers();
    let res: Response;
    try {
      res = await fn(req, { params: await ctx.params, headers, request });
    } catch (error) {
      res = problemResponse(toAppError(error, request.id));
    }
    withApiHeaders(res, headers, request.id);
    recordRequest(request.id, requestMethod(req), routeLabel(pathOf(req.url)), res.status, performance.now() - started, request.userId, accessLog);
    return res;
  };
}
