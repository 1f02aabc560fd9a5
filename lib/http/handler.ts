import { database } from "@/db/client";
import { authenticate, type Caller } from "./authenticate";
import { problemResponse } from "./problem";
import { toAppError } from "./to-app-error";

type RouteContext<P> = { params: Promise<P> };

// Headers every API response carries: nothing here may be cached by a shared cache
// (unless the route says otherwise) or sniffed into something executable.
function withApiHeaders(res: Response): Response {
  if (!res.headers.has("Cache-Control")) res.headers.set("Cache-Control", "no-store");
  res.headers.set("X-Content-Type-Options", "nosniff");
  return res;
}

/** A route that needs no caller: errors still take the one problem+json path. */
export function withErrors<P = object>(fn: (req: Request, ctx: { params: P }) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      return withApiHeaders(await fn(req, { params: await ctx.params }));
    } catch (error) {
      return withApiHeaders(problemResponse(toAppError(error)));
    }
  };
}

/** A route for a signed-in caller: authentication, then the handler, one error path for both. */
export function withUser<P = object>(
  fn: (req: Request, ctx: { user: Caller; params: P }) => Promise<Response>,
) {
  return withErrors<P>(async (req, { params }) => {
    await database(); // migrations are applied before the first session lookup
    const user = await authenticate(req);
    return fn(req, { user, params });
  });
}
