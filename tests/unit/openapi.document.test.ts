import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/openapi.json/route";
import { PROBLEM_TYPES, type ProblemCode } from "@/lib/http/problem";
import { openApiDocument } from "@/lib/openapi/document";
import type { HttpMethod, Operation } from "@/lib/openapi/types";

// The document as a whole: valid OpenAPI 3.1, and complete: every route file's methods,
// every problem type.

const ROOT = path.resolve(import.meta.dirname, "../..");
const doc = openApiDocument();
const METHODS = ["get", "put", "post", "delete", "patch"] as const satisfies HttpMethod[];

const operations: [string, HttpMethod, Operation][] = Object.entries(doc.paths).flatMap(([p, item]) =>
  METHODS.flatMap((m) => (item[m] ? [[p, m, item[m]] as [string, HttpMethod, Operation]] : [])),
);

/** Every app/api route file: its URL path (`[id]` as `{id}`) and the methods it exports. */
function routeFiles(): { file: string; path: string; catchAll: boolean; methods: HttpMethod[] }[] {
  const found: ReturnType<typeof routeFiles> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(entry.name)) found.push({ file: path.relative(ROOT, full), ...describeRoute(full) });
    }
  };
  walk(path.join(ROOT, "app/api"));
  // /api/metrics is for the operator's scraper, not for API clients (README, Operations),
  // and exists only when METRICS_TOKEN is set: the public description leaves it out.
  return found.filter((r) => r.file !== "app/api/metrics/route.ts");
}

function describeRoute(file: string) {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const catchAll = /^\[\[?\.\.\./.test(segments.at(-1)!);
  const urlSegments = (catchAll ? segments.slice(0, -1) : segments)
    .filter((s) => !/^\(.*\)$/.test(s)) // route groups are not in the URL
    .map((s) => s.replace(/^\[(\w+)\]$/, "{$1}"));
  const source = readFileSync(file, "utf8");
  const names = [
    ...[...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+([A-Z]+)\b/g)].map((m) => m[1]!),
    ...[...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
      m[1]!.split(",").map((part) => part.trim().split(/\s+as\s+/).at(-1)!),
    ),
  ];
  const methods = names.map((n) => n.toLowerCase()).filter((n): n is HttpMethod => (METHODS as readonly string[]).includes(n));
  return { path: `/${urlSegments.join("/")}`, catchAll, methods };
}

describe("the OpenAPI document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect({ valid: result.valid, version: validator.version }).toStrictEqual({ valid: true, version: "3.1" });
  });

  it("is built once per process", () => {
    expect(openApiDocument()).toBe(doc);
  });

  it("finds the route files and reads their methods (each way of exporting one)", () => {
    expect(routeFiles()).toEqual(
      expect.arrayContaining([
        { file: "app/api/auth/[...all]/route.ts", path: "/api/auth", catchAll: true, methods: ["get", "post"] },
        { file: "app/api/health/live/route.ts", path: "/api/health/live", catchAll: false, methods: ["get"] },
        { file: "app/api/openapi.json/route.ts", path: "/api/openapi.json", catchAll: false, methods: ["get"] },
        { file: "app/api/tasks/[id]/complete/route.ts", path: "/api/tasks/{id}/complete", catchAll: false, methods: ["patch"] },
      ]),
    );
  });

  it.each(routeFiles().map((r) => [r.file, r] as const))("documents every method of %s", (_file, route) => {
    expect(route.methods.length).toBeGreaterThan(0);
    for (const method of route.methods) {
      const documented = route.catchAll
        ? operations.some(([p, m]) => m === method && p.startsWith(`${route.path}/`))
        : doc.paths[route.path]?.[method] !== undefined;
      expect(documented, `${method.toUpperCase()} ${route.path}${route.catchAll ? "/*" : ""} is not documented`).toBe(true);
    }
  });

  it("documents no route that does not exist", () => {
    const routes = routeFiles();
    const missing = operations
      .filter(([p, m]) => !routes.some((r) => r.methods.includes(m) && (r.catchAll ? p.startsWith(`${r.path}/`) : r.path === p)))
      .map(([p, m]) => `${m.toUpperCase()} ${p}`);
    expect(missing).toEqual([]);
  });

  it("lists every problem type with its status and title, and an example of each", () => {
    const codes = Object.keys(PROBLEM_TYPES) as ProblemCode[];
    expect(doc.components["x-problem-types"]).toStrictEqual(
      codes.map((code) => ({
        code,
        type: `urn:tasks:problem:${code.replaceAll("_", "-")}`,
        status: PROBLEM_TYPES[code].status,
        title: PROBLEM_TYPES[code].title,
      })),
    );
    for (const code of codes) {
      const { status, title } = PROBLEM_TYPES[code];
      expect(doc.components.examples[`problem-${code.replaceAll("_", "-")}`]).toStrictEqual({
        summary: `${status} ${title}`,
        value: { type: `urn:tasks:problem:${code.replaceAll("_", "-")}`, title, status },
      });
    }
  });

  // `internal` is never planned; `method-not-allowed` answers the methods no operation has.
  it("has every problem type but `internal` and `method-not-allowed` answered by some operation", () => {
    const used = new Set(JSON.stringify(doc.paths).match(/urn:tasks:problem:[a-z-]+/g));
    const unused = Object.keys(PROBLEM_TYPES)
      .map((code) => `urn:tasks:problem:${code.replaceAll("_", "-")}`)
      .filter((type) => !used.has(type));
    expect(unused).toEqual(["urn:tasks:problem:method-not-allowed", "urn:tasks:problem:internal"]);
  });

  it("gives every operation a unique id, a summary, one known tag and a success", () => {
    const ids = operations.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [p, m, op] of operations) {
      const where = `${m.toUpperCase()} ${p}`;
      expect(op.summary, where).toMatch(/\S/);
      expect(op.tags, where).toHaveLength(1);
      expect(["tasks", "lists", "invitations", "tags", "auth", "health"], where).toContain(op.tags[0]);
      expect(Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s)), where).toBe(true);
    }
  });

  it("asks for credentials on every /api/tasks, /api/lists and /api/invitations operation, and says so where none are needed", () => {
    expect(doc.security).toStrictEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    const bySecurity = Object.fromEntries(operations.map(([p, m, op]) => [`${m.toUpperCase()} ${p}`, op.security ?? "default"]));
    expect(bySecurity).toStrictEqual({
      "GET /api/tasks": "default",
      "POST /api/tasks": "default",
      "DELETE /api/tasks": "default",
      "GET /api/tasks/summary": "default",
      "GET /api/tasks/changes": "default",
      "POST /api/tasks/batch": "default",
      "GET /api/tasks/{id}": "default",
      "GET /api/tasks/{id}/attachments": "default",
      "POST /api/tasks/{id}/attachments": "default",
      "GET /api/tasks/{id}/attachments/{attachmentId}": "default",
      "DELETE /api/tasks/{id}/attachments/{attachmentId}": "default",
      "PUT /api/tasks/{id}": "default",
      "PATCH /api/tasks/{id}": "default",
      "DELETE /api/tasks/{id}": "default",
      "PATCH /api/tasks/{id}/complete": "default",
      "GET /api/tasks/{id}/comments": "default",
      "POST /api/tasks/{id}/comments": "default",
      "PATCH /api/tasks/{id}/comments/{commentId}": "default",
      "DELETE /api/tasks/{id}/comments/{commentId}": "default",
      "GET /api/tasks/{id}/history": "default",
      "GET /api/lists": "default",
      "POST /api/lists": "default",
      "GET /api/lists/{id}": "default",
      "PATCH /api/lists/{id}": "default",
      "DELETE /api/lists/{id}": "default",
      "GET /api/lists/{id}/activity": "default",
      "POST /api/lists/{id}/transfer": "default",
      "GET /api/lists/{id}/members": "default",
      "PATCH /api/lists/{id}/members/{userId}": "default",
      "DELETE /api/lists/{id}/members/{userId}": "default",
      "GET /api/lists/{id}/tags": "default",
      "POST /api/lists/{id}/tags": "default",
      "PATCH /api/lists/{id}/tags/{tagId}": "default",
      "DELETE /api/lists/{id}/tags/{tagId}": "default",
      "GET /api/lists/{id}/invitations": "default",
      "POST /api/lists/{id}/invitations": "default",
      "DELETE /api/lists/{id}/invitations/{invitationId}": "default",
      "GET /api/invitations": "default",
      "POST /api/invitations/{id}/accept": "default",
      "POST /api/invitations/{id}/decline": "default",
      "POST /api/auth/sign-up/email": [],
      "POST /api/auth/sign-in/email": [],
      "POST /api/auth/sign-out": [{ cookieAuth: [] }],
      "POST /api/auth/delete-user": [{ cookieAuth: [] }],
      "POST /api/auth/request-password-reset": [],
      "POST /api/auth/reset-password": [],
      "POST /api/auth/send-verification-email": [],
      "GET /api/auth/token": [{ cookieAuth: [] }],
      "GET /api/auth/jwks": [],
      "GET /api/health": [],
      "GET /api/health/live": [],
      "GET /api/openapi.json": [],
    });
  });

  it("describes the security schemes", () => {
    expect(doc.components.securitySchemes).toStrictEqual({
      bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: expect.any(String) },
      cookieAuth: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: expect.any(String) },
    });
  });
});

describe("GET /api/openapi.json", () => {
  it("serves the document as cacheable JSON", async () => {
    const res = await GET(new Request("http://app.test/api/openapi.json"), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toStrictEqual({
      "content-type": "application/json",
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
      "x-request-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await res.json()).toStrictEqual(JSON.parse(JSON.stringify(doc)));
  });
});
