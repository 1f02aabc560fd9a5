import type { ProblemCode } from "@/lib/http/problem";
import { schemaRef, type SchemaName } from "./components";
import { problemResponses } from "./problems";
import type { Header, MediaType, Operation, Parameter, Reference, ResponseObject } from "./types";

// A compact way to write one operation: what it is, what it takes, what it answers. The
// error responses are generated from the problem codes it can raise.

export type Tag = "tasks" | "lists" | "invitations" | "tags" | "auth" | "health";

/** Who may call: a signed-in user (JWT or cookie), anyone, or a browser session only. */
export type Access = "user" | "public" | "session";

export type Success = {
  description: string;
  /** A JSON body of this schema; omitted: no body (204, 304). */
  schema?: SchemaName;
  /** Instead of JSON: bytes of any media type (a download). */
  bytes?: string;
  headers?: Record<string, Header | Reference>;
};

export type OperationSpec = {
  id: string;
  summary: string;
  description?: string;
  tag: Tag;
  access?: Access;
  parameters?: (Parameter | Reference)[];
  body?: { schema: SchemaName; required?: boolean; description?: string; mediaType?: "application/json" | "multipart/form-data" };
  responses: Record<number, Success>;
  problems?: readonly ProblemCode[];
  /** Headers a problem of this operation carries beyond the standard ones (a 412's ETag). */
  problemHeaders?: Partial<Record<ProblemCode, Record<string, Header | Reference>>>;
  /** Non-problem error responses (Better Auth's own errors). */
  errors?: Record<number, Success>;
};

// Every /api/tasks route reads the caller first, then takes one from their request quota
// (API_RATE_LIMIT_PER_MINUTE), and the database may be down.
export const SIGNED_IN: readonly ProblemCode[] = ["unauthorized", "rate_limited", "unavailable"];
// A change through a cookie must come from our own pages.
export const CHANGE: readonly ProblemCode[] = [...SIGNED_IN, "cross_origin"];
// Reading a JSON body (lib/http/read-json.ts).
export const JSON_BODY: readonly ProblemCode[] = ["invalid_json", "payload_too_large", "unsupported_media_type", "validation_failed"];

const SECURITY: Record<Access, Record<string, string[]>[]> = {
  user: [{ bearerAuth: [] }, { cookieAuth: [] }],
  public: [],
  session: [{ cookieAuth: [] }],
};

export const ref = {
  parameter: (name: "TaskId" | "AttachmentId" | "CommentId" | "ListId" | "MemberId" | "ListInvitationId" | "InvitationId" | "TagId" | "IfMatch" | "IfNoneMatch" | "IdempotencyKey"): Reference => ({
    $ref: `#/components/parameters/${name}`,
  }),
  header: (name: "ETag" | "Location" | "RetryAfter" | "RateLimitLimit" | "RateLimitRemaining" | "RateLimitReset"): Reference => ({
    $ref: `#/components/headers/${name}`,
  }),
};

/** What a 429 carries, from either limiter (lib/rate-limit/headers.ts). */
export const RATE_LIMIT_REFUSAL_HEADERS: Record<string, Reference> = {
  "Retry-After": ref.header("RetryAfter"),
  "RateLimit-Limit": ref.header("RateLimitLimit"),
  "RateLimit-Remaining": ref.header("RateLimitRemaining"),
  "RateLimit-Reset": ref.header("RateLimitReset"),
};

export function operation(spec: OperationSpec): Operation {
  const access = spec.access ?? "user";
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description !== undefined && { description: spec.description }),
    tags: [spec.tag],
    // "user" is the document's default; the others say so.
    ...(access !== "user" && { security: SECURITY[access] }),
    ...(spec.parameters?.length && { parameters: spec.parameters }),
    ...(spec.body && {
      requestBody: {
        ...(spec.body.description !== undefined && { description: spec.body.description }),
        required: spec.body.required ?? true,
        content: { [spec.body.mediaType ?? "application/json"]: { schema: schemaRef(spec.body.schema) } },
      },
    }),
    responses: merge(
      successes(spec.responses),
      successes(spec.errors ?? {}),
      problemResponses(spec.problems ?? [], { rate_limited: RATE_LIMIT_REFUSAL_HEADERS, ...spec.problemHeaders }),
    ),
  };
}

// Two responses for one status would silently hide one of them.
function merge(...parts: Record<string, ResponseObject>[]): Record<string, ResponseObject> {
  const all: Record<string, ResponseObject> = {};
  for (const part of parts) {
    for (const [status, response] of Object.entries(part)) {
      if (status in all) throw new Error(`Two responses for status ${status}`);
      all[status] = response;
    }
  }
  return all;
}

export const DEFAULT_SECURITY = SECURITY.user;

function successes(responses: Record<number, Success>): Record<string, ResponseObject> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.headers && { headers: r.headers }),
        ...(contentOf(r) && { content: contentOf(r) }),
      },
    ]),
  );
}

function contentOf(r: Success): Record<string, MediaType> | undefined {
  if (r.schema) return { "application/json": { schema: schemaRef(r.schema) } };
  if (r.bytes !== undefined) return { "*/*": { schema: { description: r.bytes } } };
  return undefined;
}
