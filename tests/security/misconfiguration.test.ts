import { describe, expect, it } from "vitest";
import { call, createTask } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";

// Security misconfiguration (OWASP API8): the headers on every kind of response, no CORS
// for other origins, no framework banner. On a default test server (limits off).

const { server, users, as } = useAppServer({ users: ["Alice"] });

const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PERMISSIONS =
  "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), " +
  "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), " +
  "browsing-topics=()";

const SECURITY_HEADERS = [
  "content-security-policy",
  "permissions-policy",
  "referrer-policy",
  "x-frame-options",
  "x-content-type-options",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "cache-control",
  "x-powered-by",
];

/** The security-relevant headers of a response, absent ones as null. */
function securityHeadersOf(headers: Headers): Record<string, string | null> {
  return Object.fromEntries(SECURITY_HEADERS.map((name) => [name, headers.get(name)]));
}

describe("the web UI", () => {
  it.each(["/", "/?q=x", "/no-such-page"])("%s: CSP without foreign sources, no framing, no sniffing", async (path) => {
    const res = await fetch(server.url + path);
    expect(securityHeadersOf(res.headers)).toStrictEqual({
      "content-security-policy": PAGE_CSP,
      "permissions-policy": PERMISSIONS,
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate",
      "x-powered-by": null,
    });
  });

  it("loads every script and stylesheet from its own origin", async () => {
    const html = await (await fetch(server.url)).text();
    const sources = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^(\/_next\/|data:image\/svg\+xml,)/);
  });

  it("/docs keeps its own stricter CSP (no inline scripts at all)", async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(securityHeadersOf(res.headers)).toStrictEqual({
      "content-security-policy":
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
      "permissions-policy": null,
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "cross-origin-opener-policy": null,
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "public, max-age=300",
      "x-powered-by": null,
    });
  });
});

describe("API responses", () => {
  const API_HEADERS = {
    "content-security-policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
    "permissions-policy": null,
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cross-origin-opener-policy": null,
    "cross-origin-resource-policy": "same-origin",
    "cache-control": "no-store",
    "x-powered-by": null,
  };

  const cases: [string, number, () => Promise<Response>][] = [
    ["GET /api/tasks", 200, () => fetch(`${server.url}/api/tasks`, { headers: { authorization: `Bearer ${users.Alice.jwt}` } })],
    ["GET /api/tasks without credentials", 401, () => fetch(`${server.url}/api/tasks`)],
    ["POST /api/tasks", 201, () =>
      fetch(`${server.url}/api/tasks`, {
        method: "POST",
        headers: { authorization: `Bearer ${users.Alice.jwt}`, "content-type": "application/json" },
        body: '{"title":"headers"}',
      })],
    ["GET /api/tasks/{unknown id}", 404, () =>
      fetch(`${server.url}/api/tasks/00000000-0000-7000-8000-000000000000`, { headers: { authorization: `Bearer ${users.Alice.jwt}` } })],
    ["a 400 problem", 400, () => fetch(`${server.url}/api/tasks?limit=0`, { headers: { authorization: `Bearer ${users.Alice.jwt}` } })],
    ["GET /api/health", 200, () => fetch(`${server.url}/api/health`)],
    ["POST /api/auth/sign-in/email", 200, () =>
      fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ email: users.Alice.email, password: users.Alice.password }),
      })],
    ["a failed sign-in", 401, () =>
      fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify({ email: users.Alice.email, password: "wrong password" }),
      })],
    ["GET /api/auth/get-session", 200, () => fetch(`${server.url}/api/auth/get-session`, { headers: { cookie: users.Alice.cookie } })],
    ["GET /api/auth/token", 200, () => fetch(`${server.url}/api/auth/token`, { headers: { cookie: users.Alice.cookie } })],
    ["GET /api/auth/jwks", 200, () => fetch(`${server.url}/api/auth/jwks`)],
  ];

  it.each(cases)("%s: no-store, nosniff, nothing may run or frame it", async (_name, status, send) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(securityHeadersOf(res.headers)).toStrictEqual(API_HEADERS);
  });

  it("the OpenAPI document may be cached, and is still nosniff", async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(securityHeadersOf(res.headers)).toStrictEqual({ ...API_HEADERS, "cache-control": "public, max-age=300" });
  });
});

describe("CORS", () => {
  const CORS_HEADERS = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
  ];
  const corsHeadersOf = (headers: Headers) => CORS_HEADERS.filter((name) => headers.has(name));

  it.each(["/api/tasks", "/api/tasks/00000000-0000-7000-8000-000000000000", "/api/tasks/batch", "/api/auth/sign-in/email", "/api/auth/token"])(
    "a preflight from a foreign origin to %s is granted nothing",
    async (path) => {
      const res = await fetch(server.url + path, {
        method: "OPTIONS",
        headers: {
          origin: "https://evil.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(corsHeadersOf(res.headers)).toEqual([]);
    },
  );

  it("a cross-origin read with credentials is not shared with the other origin", async () => {
    const res = await call(server, "GET", "/api/tasks", { as: as("Alice", "cookie"), headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(200); // the server answers; the browser withholds it without CORS headers
    expect(corsHeadersOf(res.headers)).toEqual([]);
  });
});

describe("cookies on plain http", () => {
  it("sign-in sets the session cookie HttpOnly and SameSite=Lax, not Secure (no https here)", async () => {
    const res = await fetch(`${server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ email: users.Alice.email, password: users.Alice.password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="))!;
    expect(cookie.split("; ").slice(1).sort()).toEqual(["HttpOnly", "Max-Age=604800", "Path=/", "SameSite=Lax"]);
  });
});

describe("the test servers' fast path", () => {
  it("AUTH_RATE_LIMIT=off turns the auth limits off: 8 bad sign-ins for one account, all 401", async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const res = await call(server, "POST", "/api/auth/sign-in/email", {
        headers: { origin: server.url, "x-forwarded-for": "203.0.113.99" },
        json: { email: users.Alice.email, password: `wrong-${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(8).fill(401));
    expect((await createTask(server, users.Alice, { title: "still fine" })).title).toBe("still fine");
  });
});
