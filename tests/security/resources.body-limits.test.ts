import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "@/lib/http/read-json";
import { COMMENT_BODY_MAX_BYTES } from "@/lib/comments/schemas";
import { openApiDocument } from "@/lib/openapi/document";
import { BATCH_BODY_MAX_BYTES } from "@/lib/tasks/schemas";
import type { ApiResponse } from "../support/api-client";
import { useAppServer } from "../support/app-fixture";
import { betterAuthEndpoints } from "../support/auth-endpoints";
import { LimitRun, listFindings } from "../support/limit-tally";
import { problems } from "../support/problems";
import { CLOSED_WHILE_SENDING, rawRequest } from "../support/raw-http";

// Resources (API4): no route reads more of a body than its limit, whatever the method, with
// Content-Length or without (chunked). Every route of the document, every Better Auth route
// of the app's instance and paths no route has, with every method a client can send (TRACE
// and methods Next does not know included), get a body one byte over their limit (16 KiB, a
// batch 256 KiB, a comment 64 KiB), one far over it (1 MiB) and one at it. A route that takes a body for that
// method answers 413 payload-too-large (and closes the connection) over the limit, and never
// 413 at it; every other answer is no 5xx.

const { server, users } = useAppServer({ users: ["Alice"] });
const run = new LimitRun();
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "PURGE"];
const SOME_ID = "00000000-0000-7000-8000-000000000000";

type Path = { template: string; path: string; readsBodyOn: Set<string>; limit: number };

const taskPaths: Path[] = Object.entries(openApiDocument().paths).filter(([template]) => !template.startsWith("/api/auth")).map(([template, item]) => ({
  template,
  path: template.replace("{id}", SOME_ID),
  // JSON bodies, limited to 16 KiB (256 KiB a batch, 64 KiB a comment). An upload (multipart,
  // ATTACHMENT_MAX_BYTES) has its limits tested in tests/integration/api-attachments*.test.ts;
  // here it only must not fail.
  readsBodyOn: new Set(Object.entries(item).filter(([, op]) => op.requestBody?.content["application/json"]).map(([method]) => method.toUpperCase())),
  limit: template.endsWith("/batch") ? BATCH_BODY_MAX_BYTES : template.includes("/comments") ? COMMENT_BODY_MAX_BYTES : MAX_BODY_BYTES,
}));
// Every /api/auth request but a GET or HEAD is read by us first (lib/http/auth-request-guard.ts).
const authPaths: Path[] = [...new Set((await betterAuthEndpoints()).map((e) => e.path))].map((path) => ({
  template: `/api/auth${path}`,
  path: `/api/auth${path.replace(/:\w+/, "x")}`,
  readsBodyOn: new Set(["POST"]),
  limit: MAX_BODY_BYTES,
}));
const unknownPaths: Path[] = ["/api", "/api/nope", "/api/tasks/a/b/c", "/api/auth/nope"].map((path) => ({
  template: path,
  path,
  readsBodyOn: path.startsWith("/api/auth") ? new Set(["POST"]) : new Set(),
  limit: MAX_BODY_BYTES,
}));
const paths = [...taskPaths, ...authPaths, ...unknownPaths];

/** A JSON string of exactly `bytes` bytes. */
const bodyOf = (bytes: number) => `"${"x".repeat(bytes - 2)}"`;

function send(method: string, path: string, bytes: number, chunked: boolean): Promise<ApiResponse> {
  return rawRequest(server.url, {
    method,
    path,
    headers: { authorization: `Bearer ${users.Alice.jwt}`, origin: server.url, cookie: users.Alice.cookie, "content-type": "application/json" },
    body: bodyOf(bytes),
    chunked,
  });
}

function findings(p: Path, method: string, bytes: number, res: ApiResponse): string[] {
  if (res.status >= 500) return [`${res.status}: ${res.text.slice(0, 160)}`];
  const reads = p.readsBodyOn.has(method);
  // Far over the limit, the server may close the connection before this side has read its
  // 413: it stopped reading, which is what matters.
  if (res.status === CLOSED_WHILE_SENDING) return bytes > p.limit ? [] : ["closed the connection on a body within the limit"];
  if (bytes > p.limit && reads) {
    const found: string[] = [];
    if (res.status !== 413 || JSON.stringify(res.body) !== JSON.stringify({ ...problems.payloadTooLarge, detail: `Bodies are limited to ${p.limit} bytes.` })) {
      found.push(`answered ${res.status} ${res.text.slice(0, 160)}, not the 413 problem`);
    }
    if (res.status === 413 && res.headers.get("connection") !== "close") found.push("a 413 that keeps the connection open");
    return found;
  }
  if (bytes <= p.limit && res.status === 413) return ["a body within the limit answered 413"];
  return [];
}

describe.each(paths.map((p) => [p.template, p] as const))("%s", (template, p) => {
  it("reads no more of any body than the limit, with or without Content-Length", async () => {
    for (const method of METHODS) {
      for (const chunked of [false, true]) {
        const sizes = p.readsBodyOn.has(method) ? [p.limit + 1, 1024 * 1024, p.limit] : [p.limit + 1];
        for (const bytes of sizes) {
          const res = await send(method, p.path, bytes, chunked);
          run.count(template, `${method}${chunked ? " chunked" : ""}`, res.status);
          for (const f of findings(p, method, bytes, res)) run.finding(template, `${method} ${bytes} bytes${chunked ? ", chunked" : ""}: ${f}`);
        }
      }
    }
    const found = run.findings(template);
    expect(found, listFindings(found)).toEqual([]);
  });
});

it("prints what it tried", () => {
  console.log(run.table(`body limits on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`));
});
