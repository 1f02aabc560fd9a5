import { withErrors } from "./handler";
import { AppError } from "@/lib/errors";
import { HTTP_METHODS, type HttpMethod, isRefusedMethod } from "./method-gate";

// The methods a route does not take, answered the API's way. Next answers them by itself
// (a 405 with no body, no Allow, no X-Request-Id, no access line) unless the route exports
// a handler, so every route file exports these for the methods it lacks:
//
//   export const { PUT, PATCH, OPTIONS } = otherMethods("GET", "POST", "DELETE");
//
// A route with GET leaves HEAD to Next, which answers it from GET without a body. Methods
// Next does not dispatch at all (TRACE, PROPFIND...) reach the OPTIONS handler, marked by
// the method gate (method-gate.ts), and get the same 405.
// tests/unit/api-routes.methods.test.ts checks that every route exports all seven.

export { HTTP_METHODS, type HttpMethod };

type Handler = ReturnType<typeof withErrors<object>>;

/** What `Allow` lists for a route implementing `methods`: HEAD with GET, and OPTIONS always. */
export function allowHeader(methods: readonly HttpMethod[]): string {
  const allowed = new Set<HttpMethod>(methods);
  if (allowed.has("GET")) allowed.add("HEAD");
  allowed.add("OPTIONS");
  return HTTP_METHODS.filter((m) => allowed.has(m)).join(", ");
}

/** Handlers for every method but `implemented`: 405 problem+json with Allow; OPTIONS 204 with Allow. */
export function otherMethods(...implemented: HttpMethod[]): Record<HttpMethod, Handler> {
  const allow = allowHeader(implemented);
  const refusal = (headers: Headers) => {
    headers.set("Allow", allow);
    return new AppError("method_not_allowed", `This route takes ${allow}.`);
  };
  const refuse = withErrors(async (_req, { headers }) => {
    throw refusal(headers);
  });
  const options = withErrors(async (req, { headers }) => {
    if (isRefusedMethod(req)) throw refusal(headers);
    return new Response(null, { status: 204, headers: { Allow: allow } });
  });
  return { GET: refuse, HEAD: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse, OPTIONS: options };
}
