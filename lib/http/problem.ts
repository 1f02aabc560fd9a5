// One error path: anything thrown in a handler ends here as application/problem+json (RFC 9457).

export const PROBLEM_TYPES = {
  invalid_json: { status: 400, title: "Malformed JSON body" },
  invalid_query: { status: 400, title: "Invalid query parameters" },
  invalid_header: { status: 400, title: "Invalid header" },
  unauthorized: { status: 401, title: "Authentication required" },
  cross_origin: { status: 403, title: "Cross-origin request refused" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  precondition_failed: { status: 412, title: "Precondition failed" },
  payload_too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  idempotency_key_reused: { status: 422, title: "Idempotency key reused" },
  task_limit_reached: { status: 422, title: "Task limit reached" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  unavailable: { status: 503, title: "Service unavailable" },
} as const;

export type ProblemCode = keyof typeof PROBLEM_TYPES;
export type FieldError = { path: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Headers the problem response carries (the current ETag of a 412...). */
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? PROBLEM_TYPES[code].title);
    this.name = "AppError";
  }
}

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

export function problemResponse(error: AppError): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: PROBLEM_TYPES[error.code].status,
    headers: { "Content-Type": "application/problem+json", ...EXTRA_HEADERS[error.code], ...error.headers },
  });
}
