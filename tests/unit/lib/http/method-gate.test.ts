import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installMethodGate, REFUSED_METHOD_HEADER } from "@/lib/http/method-gate";

// The gate on a bare node:http server, as next.config.ts installs it in front of Next's:
// what the server's own listener then sees. tests/security/methods.test.ts checks the
// answers of the real app.

let server: Server;
let url: string;
const seen: { method?: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  installMethodGate();
  installMethodGate(); // twice, as a config loaded twice would: still one gate
  server = createServer((req, res) => {
    seen.push({ method: req.method, headers: req.headers });
    res.end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, path: string, headers: Record<string, string> = {}) {
  seen.length = 0;
  return new Promise<{ status: number; allow?: string; body: string }>((resolve, reject) => {
    const req = request(url + path, { method, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the method gate", () => {
  it.each(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])("passes %s through untouched", async (method) => {
    const res = await send(method, "/api/tasks");
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe(method);
    expect(seen[0]!.headers[REFUSED_METHOD_HEADER]).toBeUndefined();
  });

  it.each([
    ["TRACE", "/api/tasks"],
    ["PROPFIND", "/api/auth/get-session"],
    ["QUERY", "/api"],
    ["MKCOL", "/docs"],
    ["LOCK", "/docs/scalar.js?v=1"],
  ])("hands %s %s to the route as an OPTIONS that names it", async (method, path) => {
    await send(method, path);
    expect(seen.map((r) => [r.method, r.headers[REFUSED_METHOD_HEADER]])).toEqual([["OPTIONS", method]]);
  });

  it.each([
    ["TRACE", "/"],
    ["PURGE", "/some/page"],
    ["SEARCH", "/apix"],
    ["COPY", "/documents"],
  ])("answers %s %s (the UI's) itself: 405, Allow: GET, HEAD", async (method, path) => {
    const res = await send(method, path);
    expect([res.status, res.allow, JSON.parse(res.body).type]).toEqual([405, "GET, HEAD", "urn:tasks:problem:method-not-allowed"]);
    expect(seen).toEqual([]);
  });

  it("drops a client's own marker header", async () => {
    await send("OPTIONS", "/api/tasks", { [REFUSED_METHOD_HEADER]: "TRACE" });
    expect(seen[0]!.headers[REFUSED_METHOD_HEADER]).toBeUndefined();
  });
});
