/**
 * A copy of `req` with other headers (and a body already read, if given), built from its public parts only (URL, method,
 * headers, body stream, signal), so it works whatever object Next hands the route.
 *
 * `new Request(req, init)` would read `req`'s internal state, and the request a route
 * handler gets is Next's Proxy around a NextRequest (app-route/module.js, proxyNextRequest).
 * Node 24's undici keeps that state in #private fields, which no Proxy can reach: there
 * that form throws "Cannot read private member #state" (Node 20 and 22 used symbols).
 */
export function requestWithHeaders(req: Request, headers: Headers, body: BodyInit | null = req.body): Request {
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && body !== null;
  return new Request(req.url, {
    method: req.method,
    headers,
    body: hasBody ? body : null,
    signal: req.signal,
    // A stream body is sent as it arrives; undici requires saying so.
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}
