import type { OutgoingHttpHeaders } from "node:http";
import { ID_PLACEHOLDER, setAt, type Target } from "./limit-targets";
import type { FieldShape, Limit } from "./limit-values";
import { encodeComponent, headerBytes, sendableInHeader, type RawRequest } from "./raw-http";

// One request per (target, value): the target's valid request with the value put where
// the target is, written as a client would put it on the wire: into the JSON text (raw
// literals such as -0 and 1e309 as written), the query string (a list as the parameter
// repeated, an object in brackets), a path segment or a header (as UTF-8 bytes).

export type Built = RawRequest & {
  /** The body as sent, parsed back (what the server reads); undefined without a body. */
  json?: unknown;
  /** Every string the request carried because of the value: none may reach a log line. */
  sent: string[];
};

export type Skipped = { skipped: string };

export type RequestContext = {
  method: string;
  /** "/api/tasks/{id}" */
  template: string;
  /** The value ID_PLACEHOLDER stands for (the caller's task, a session...). */
  id: string;
  /** Credentials, Origin and the like, on every request. */
  headers: OutgoingHttpHeaders;
  /** The body when the target is not in it (a route that takes one); otherwise the target's base. */
  body?: unknown;
  /** Query parameters the request needs whatever the target (DELETE /api/tasks?status=completed). */
  query?: Record<string, string>;
};

const MARK = "\u0000limit-mark\u0000";

function withId(value: unknown, id: string): unknown {
  return JSON.parse(JSON.stringify(value ?? null).replaceAll(JSON.stringify(ID_PLACEHOLDER).slice(1, -1), id.replaceAll('"', '\\"')));
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

function literal(limit: Limit): string {
  return limit.json ?? JSON.stringify(limit.value);
}

/** The JSON text of `base` with the limit's value at `path`, sized to limit.bodyBytes if asked. */
export function renderBody(base: unknown, path: (string | number)[], limit: Limit): string {
  const marked = JSON.stringify(setAt(base, path, MARK));
  const at = (valueText: string) => marked.replace(JSON.stringify(MARK), () => valueText);
  if (limit.bodyBytes === undefined) return at(literal(limit));
  const fill = limit.bodyBytes - Buffer.byteLength(at('""'));
  return at(JSON.stringify("x".repeat(Math.max(0, fill))));
}

/** A value as query-string text: a list as the parameter repeated, an object in brackets. */
function queryPairs(name: string, value: unknown, limit: Limit): string[] {
  const key = encodeComponent(name);
  if (Array.isArray(value)) return value.length === 0 ? [`${key}%5B%5D=`] : value.flatMap((item) => queryPairs(name, item, { label: "", value: item }));
  if (value && typeof value === "object") {
    return Object.entries(value).map(([k, v]) => `${key}%5B${encodeComponent(k)}%5D=${encodeComponent(String(v))}`);
  }
  return [`${key}=${encodeComponent(typeof value === "string" ? value : (limit.json ?? String(value)))}`];
}

/** A valid value of the shape, as query text: what a repeated parameter repeats. */
export function validQueryValue(shape: FieldShape): string {
  if (shape.kind === "enum" || shape.kind === "enum-list") return shape.values?.[0] ?? "a";
  if (shape.kind === "integer") return String(shape.minimum ?? 1);
  if (shape.kind === "boolean") return "true";
  if (shape.kind === "instant") return "2026-05-01";
  return "a";
}

/** The forms of a query string no single value makes: a parameter twice, without "=", in brackets. */
export function queryForms(name: string, shape: FieldShape): Limit[] {
  const key = encodeComponent(name);
  const valid = encodeComponent(validQueryValue(shape));
  const form = (label: string, query: string): Limit => ({ label, value: query, rawQuery: query });
  return [
    form("the parameter twice, same value", `${key}=${valid}&${key}=${valid}`),
    form("the parameter twice, the second empty", `${key}=${valid}&${key}=`),
    form("the parameter without =", key),
    form("the parameter in brackets", `${key}%5B%5D=${valid}`),
    form("the name in upper case", `${encodeComponent(name.toUpperCase())}=${valid}`),
    form("the name with a NUL", `${key}%00=${valid}`),
    form("17 KiB, past Node's header limit", `${key}=${"a".repeat(17 * 1024)}`),
  ];
}

export function buildRequest(target: Target, limit: Limit, ctx: RequestContext): Built | Skipped {
  const headers: OutgoingHttpHeaders = { ...ctx.headers };
  const sent = stringsIn(limit.value);
  let pathId = ctx.id;
  const query = Object.entries(ctx.query ?? {}).map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`);
  if (target.in === "query") query.push(...(limit.rawQuery !== undefined ? [limit.rawQuery] : queryPairs(target.name, limit.value, limit)));
  if (target.in === "path") {
    if (typeof limit.value !== "string") pathId = limit.json ?? JSON.stringify(limit.value);
    else if (/[\ud800-\udfff]/u.test(limit.value)) {
      // Next itself answers a segment that is not UTF-8 once decoded with its bare 500
      // (vercel/next.js#92527), before any handler: error-bodies.fuzz.test.ts pins it.
      return { skipped: "not UTF-8 in a path segment (Next's own 500, pinned elsewhere)" };
    } else pathId = limit.value;
  }
  if (target.in === "header") {
    const text = typeof limit.value === "string" ? limit.value : (limit.json ?? JSON.stringify(limit.value));
    if (!sendableInHeader(text)) return { skipped: "a control character no HTTP client sends in a header" };
    headers[target.name] = headerBytes(text);
  }
  let body: string | undefined;
  const base = target.in === "body" ? target.base : ctx.body;
  if (base !== undefined) {
    const withIds = withId(base, ctx.id);
    body = target.in === "body" ? renderBody(withIds, target.path, limit) : JSON.stringify(withIds);
    headers["content-type"] = "application/json";
  }
  const segment = encodeComponent(pathId);
  const path = ctx.template.replace("{id}", segment) + (query.length > 0 ? `?${query.join("&")}` : "");
  let json: unknown;
  try {
    json = body === undefined ? undefined : JSON.parse(body);
  } catch {
    json = undefined; // 1e309 and friends parse; nothing else here is malformed
  }
  return { method: ctx.method, path, headers, body, json, sent };
}
