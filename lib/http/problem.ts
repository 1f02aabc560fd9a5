// Relative: next.config.ts loads this file (through lib/http/method-gate.ts), and its loader
// does not resolve the "@/" alias below the top level.
import { AppError, ERROR_TITLES, type ErrorCode, type FieldError } from "../errors";
import { refusalHeaders } from "../rate-limit/headers";
import { etagOf } from "./etag";

// One error path: anything thrown in a handler ends here as application/problem+json (RFC 9457).
// The codes are lib/errors.ts's; what each is on the wire (its status, and the headers and
// facts that go with it) is decided here and nowhere else.

const STATUSES = {
  invalid_json: 400,
  invalid_multipart: 400,
  invalid_query: 400,
  invalid_header: 400,
  unauthorized: 401,
  cross_origin: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  sync_token_expired: 410,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  task_limit_reached: 422,
  list_limit_reached: 422,
  member_limit_reached: 422,
  attachment_limit_reached: 422,
  storage_quota_reached: 422,
  comment_limit_reached: 422,
  tag_limit_reached: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, number>;

export type ProblemCode = ErrorCode;

/** Every code's status and title: the table lib/openapi documents. */
export const PROBLEM_TYPES = Object.fromEntries(
  Object.entries(STATUSES).map(([code, status]) => [code, { status, title: ERROR_TITLES[code as ProblemCode] }]),
) as { [C in ProblemCode]: { status: (typeof STATUSES)[C]; title: (typeof ERROR_TITLES)[C] } };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
};

export function problemBody(error: AppError): ProblemBody {
  const { status, title } = PROBLEM_TYPES[error.code];
  return {
    type: problemType(error.code),
    title,
    status,
    ...(error.detail !== undefined && { detail: error.detail }),
    ...(error.errors !== undefined && { errors: error.errors }),
  };
}

export function problemType(code: ProblemCode): string {
  return `urn:tasks:problem:${code.replaceAll("_", "-")}`;
}

const EXTRA_HEADERS: Partial<Record<ProblemCode, Record<string, string>>> = {
  unauthorized: { "WWW-Authenticate": 'Bearer realm="tasks"' },
  unavailable: { "Retry-After": "5" },
};

// Headers only a handler knows (a 405's Allow, a 429's Retry-After) it sets on its
// context's headers before throwing (lib/http/handler.ts): they override these.
function problemHeaders(error: AppError): Record<string, string> {
  const { revision, quota } = error.facts ?? {};
  return {
    "Content-Type": "application/problem+json",
    ...EXTRA_HEADERS[error.code],
    // A 412 says which version the task is at now, so the client can compare or retry.
    ...(error.code === "precondition_failed" && revision !== undefined && { ETag: etagOf({ revision }) }),
    // A limit the domain counts itself (invitations per hour): the 429's headers come with it.
    ...(error.code === "rate_limited" && quota !== undefined && refusalHeaders(quota, quota.resetSeconds)),
  };
}

export function problemResponse(error: AppError): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: PROBLEM_TYPES[error.code].status,
    headers: problemHeaders(error),
  });
}
