import { database } from "@/db/client";
import { config } from "@/lib/config";
import { apiQuota } from "@/lib/rate-limit/api-quota";
import { rateLimitHeaders, refusalHeaders } from "@/lib/rate-limit/headers";
import { authenticate, type Caller } from "./authenticate";
import { AppError, problemResponse } from "./problem";
import { toAppError } from "./to-app-error";

type RouteContext<P> = { params: Promise<P> };

/**
 * What a handler wrapped by withErrors gets: the route's params, and headers that go on
 * whatever response comes out, a problem included (a wrapper's RateLimit headers).
 */
export type HandlerContext<P> = { params: P; headers: Headers };

// Headers every API response carries: nothing here may be cached by a shared cache
// (unless the route says otherwise) or sniffed into something executable.
function withApiHeaders(res: Response, extra: Headers): Response {
  for (const [name, value] of extra) res.headers.set(name, value);
  if (!res.headers.has("Cache-Control")) res.headers.set("Cache-Control", "no-store");
  res.headers.set("X-Content-Type-Options", "nosniff");
  return res;
}

/** A route that needs no caller: errors still take the one problem+json path. */
export function withErrors<P = object>(fn: (req: Request, ctx: HandlerContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    const headers = new Headers();
    let res: Response;
    try {
      res = await fn(req, { params: await ctx.params, headers });
    } catch (error) {
      res = problemResponse(toAppError(error));
    }
    return withApiHeaders(res, headers);
  };
}

/**
 * A route for a signed-in caller: authentication, the caller's request quota, then the
 * handler, one error path for all three.
 */
export function withUser<P = object>(
  fn: (req: Request, ctx: { user: Caller; params: P }) => Promise<Response>,
) {
  return withErrors<P>(async (req, { params, headers }) => {
    await database(); // migrations are applied before the first session lookup
    const user = await authenticate(req);
    admit(user, headers);
    return fn(req, { user, params });
  });
}

/**
 * API_RATE_LIMIT_PER_MINUTE per user, in this instance's memory (lib/rate-limit/api-quota.ts).
 * Every response to a signed-in caller says where they stand (RateLimit-*); past the limit
 * the request is refused before it reaches the database.
 */
function admit(user: Caller, headers: Headers): void {
  const admission = apiQuota(config().apiRateLimitPerMinute)?.take(user.id);
  if (!admission) return;
  if (admission.allowed) {
    for (const [name, value] of Object.entries(rateLimitHeaders(admission))) headers.set(name, value);
    return;
  }
  throw new AppError(
    "rate_limited",
    `At most ${admission.limit} requests per minute per user: retry after the seconds in Retry-After.`,
    undefined,
    refusalHeaders(admission, admission.retryAfterSeconds),
  );
}
