// The errors this app throws on purpose, in no protocol's terms: a code, a detail, field
// errors, and the facts a caller needs to answer (a 412's current revision). Domain code
// (lib/tasks) throws these; the HTTP layer alone turns them into statuses, problem bodies
// and headers (lib/http/problem.ts), so a second channel (a job, a CLI) could answer them
// its own way.

/** Each code, and what it means in words: the error's message when it has no detail. */
export const ERROR_TITLES = {
  invalid_json: "Malformed JSON body",
  invalid_multipart: "Malformed multipart body",
  invalid_query: "Invalid query parameters",
  invalid_header: "Invalid header",
  unauthorized: "Authentication required",
  cross_origin: "Cross-origin request refused",
  forbidden: "Forbidden",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  precondition_failed: "Precondition failed",
  conflict: "Conflict",
  sync_token_expired: "Sync token expired",
  payload_too_large: "Request body too large",
  unsupported_media_type: "Unsupported media type",
  validation_failed: "Validation failed",
  idempotency_key_reused: "Idempotency key reused",
  task_limit_reached: "Task limit reached",
  list_limit_reached: "List limit reached",
  member_limit_reached: "Member limit reached",
  attachment_limit_reached: "Attachment limit reached",
  storage_quota_reached: "Storage quota reached",
  comment_limit_reached: "Comment limit reached",
  tag_limit_reached: "Tag limit reached",
  rate_limited: "Too many requests",
  internal: "Internal server error",
  unavailable: "Service unavailable",
} as const;

export type ErrorCode = keyof typeof ERROR_TITLES;
export type FieldError = { path: string; message: string };

/** What a caller needs besides the code to answer the error. */
export type ErrorFacts = {
  /** precondition_failed: the resource's revision now, so the client can fetch or retry. */
  revision?: number;
  /** rate_limited: where the caller stands, for RateLimit-* and Retry-After (seconds). */
  quota?: { limit: number; remaining: number; resetSeconds: number };
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly facts?: ErrorFacts,
  ) {
    super(detail ?? ERROR_TITLES[code]);
    this.name = "AppError";
  }
}

// Drizzle wraps the driver's error (DrizzleQueryError.cause), our own wrappers wrap
// Drizzle's: five levels reach every code we know of, and a cause that points back at an
// earlier error (it happens) is not followed round.
const MAX_CAUSES = 5;

/** The error, then its cause, its cause's cause...: at most five, none twice, no null. */
export function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let e = error; e !== null && e !== undefined && seen.size < MAX_CAUSES && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    yield e;
  }
}

/** The first string `code` along the causes: a SQLSTATE, a socket error, one of our own. */
export function codeOf(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}
