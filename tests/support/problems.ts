// The problem bodies (RFC 9457) the HTTP tests expect, each written out in full on purpose:
// nothing here comes from lib/http/problem.ts, so that a change to the server's table of
// types, titles and statuses, or to a detail, breaks a test instead of following along.

export type FieldError = { path: string; message: string };

export const problems = {
  invalidJson: {
    malformed: { type: "urn:tasks:problem:invalid-json", title: "Malformed JSON body", status: 400, detail: "The body is not valid JSON." },
    empty: { type: "urn:tasks:problem:invalid-json", title: "Malformed JSON body", status: 400, detail: "A JSON body is required." },
  },

  invalidQuery: (errors: FieldError[], detail = "One or more query parameters are invalid.") => ({
    type: "urn:tasks:problem:invalid-query",
    title: "Invalid query parameters",
    status: 400,
    detail,
    errors,
  }),

  unauthorized: {
    /** No usable credentials: no Authorization header and no valid session cookie. */
    session: {
      type: "urn:tasks:problem:unauthorized",
      title: "Authentication required",
      status: 401,
      detail: "Sign in, or send Authorization: Bearer <JWT>.",
    },
    /** An Authorization header that is not a valid JWT of this server's. */
    bearer: {
      type: "urn:tasks:problem:unauthorized",
      title: "Authentication required",
      status: 401,
      detail: "The bearer token is missing, malformed, expired or not ours.",
    },
    /** Valid credentials of an account deleted since. */
    deletedAccount: {
      type: "urn:tasks:problem:unauthorized",
      title: "Authentication required",
      status: 401,
      detail: "The account behind these credentials no longer exists.",
    },
    /** GET /api/metrics without METRICS_TOKEN. */
    metrics: {
      type: "urn:tasks:problem:unauthorized",
      title: "Authentication required",
      status: 401,
      detail: "Send Authorization: Bearer <METRICS_TOKEN>.",
    },
  },

  crossOrigin: {
    type: "urn:tasks:problem:cross-origin",
    title: "Cross-origin request refused",
    status: 403,
    detail: "Cookie-authenticated changes must come from this app's own pages.",
  },

  /** A task id that is not one of the caller's, whether it exists or not. */
  notFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such task." },
  /** A list the caller is not a member of, whether it exists or not. */
  listNotFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such list." },
  memberNotFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such member of this list." },
  /** A comment id not under this task (or no comment at all), of a task the caller can see. */
  commentNotFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such comment." },
  /** MAX_COMMENTS_PER_TASK=max reached. */
  commentLimitReached: (max: number) => ({
    type: "urn:tasks:problem:comment-limit-reached",
    title: "Comment limit reached",
    status: 422,
    detail: `A task can have at most ${max} comments.`,
  }),
  invitationNotFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such invitation." },
  /** The same body under the name i11-pages gave it. */
  noSuchList: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such list." },
  /** A member of the list without the right to do this. */
  forbidden: (detail: string) => ({ type: "urn:tasks:problem:forbidden", title: "Forbidden", status: 403, detail }),
  conflict: (detail: string) => ({ type: "urn:tasks:problem:conflict", title: "Conflict", status: 409, detail }),
  /** MAX_LISTS_PER_USER=max reached. */
  listLimitReached: (max: number) => ({
    type: "urn:tasks:problem:list-limit-reached",
    title: "List limit reached",
    status: 422,
    detail: `You can own at most ${max} lists; delete one to create another.`,
  }),
  /** MAX_LIST_MEMBERS=max reached. */
  memberLimitReached: (max: number) => ({
    type: "urn:tasks:problem:member-limit-reached",
    title: "Member limit reached",
    status: 422,
    detail: `A list can have at most ${max} members and pending invitations together.`,
  }),
  /** A tag id that is not one of this list's, whether it exists or not. */
  tagNotFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such tag in this list." },
  /** A name another tag of the list has, ignoring case and accents. */
  tagNameTaken: {
    type: "urn:tasks:problem:conflict",
    title: "Conflict",
    status: 409,
    detail: "This list already has a tag of that name (case and accents ignored).",
    errors: [{ path: "name", message: "Already a tag of this list." }],
  },
  /** MAX_TAGS_PER_LIST=max reached. */
  tagLimitReached: (max: number) => ({
    type: "urn:tasks:problem:tag-limit-reached",
    title: "Tag limit reached",
    status: 422,
    detail: `A list can have at most ${max} tags; delete one to create another.`,
  }),
  /** INVITATION_RATE_LIMIT_PER_HOUR=max spent. */
  invitationsRateLimited: (max: number) => ({
    type: "urn:tasks:problem:rate-limited",
    title: "Too many requests",
    status: 429,
    detail: `At most ${max} invitations per hour: retry after the seconds in Retry-After.`,
  }),
  listPreconditionFailed: {
    type: "urn:tasks:problem:precondition-failed",
    title: "Precondition failed",
    status: 412,
    detail: "The list has changed since that ETag; fetch it again.",
  },

  noSuchEndpoint: {
    type: "urn:tasks:problem:not-found",
    title: "Not found",
    status: 404,
    detail: "No such endpoint. The API is described at /api/openapi.json.",
  },
  /** A 404 that says nothing more (GET /api/metrics when METRICS_TOKEN is unset). */
  notFoundWithoutDetail: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404 },

  /** `allow` as the Allow header lists the methods, e.g. "PATCH, OPTIONS". */
  invalidIdempotencyKey: {
    type: "urn:tasks:problem:invalid-header",
    title: "Invalid header",
    status: 400,
    detail: "Idempotency-Key must be 1 to 255 printable ASCII characters.",
    errors: [{ path: "Idempotency-Key", message: "Must be 1 to 255 printable ASCII characters." }],
  },

  methodNotAllowed: (allow: string) => ({
    type: "urn:tasks:problem:method-not-allowed",
    title: "Method not allowed",
    status: 405,
    detail: `This route takes ${allow}.`,
  }),

  /** A sync token below the account's tombstone horizon. */
  syncTokenExpired: {
    type: "urn:tasks:problem:sync-token-expired",
    title: "Sync token expired",
    status: 410,
    detail:
      "This sync token is older than the deletions the server keeps: sync again without since, and replace your copy with what that returns.",
    errors: [{ path: "since", message: "Expired: sync again without it." }],
  },

  preconditionFailed: {
    type: "urn:tasks:problem:precondition-failed",
    title: "Precondition failed",
    status: 412,
    detail: "The task has changed since that ETag; fetch it again.",
  },

  /** Attachments (tests/integration/api-attachments*.test.ts). */
  attachments: {
    notFound: { type: "urn:tasks:problem:not-found", title: "Not found", status: 404, detail: "No such attachment." },
    tooLarge: (max: number) => ({ type: "urn:tasks:problem:payload-too-large", title: "Request body too large", status: 413, detail: `Attachments are limited to ${max} bytes.` }),
    notMultipart: {
      type: "urn:tasks:problem:unsupported-media-type",
      title: "Unsupported media type",
      status: 415,
      detail: "Send the file as multipart/form-data, in a part named file.",
    },
    malformed: (detail: string) => ({ type: "urn:tasks:problem:invalid-multipart", title: "Malformed multipart body", status: 400, detail }),
    badForm: (detail: string) => ({ type: "urn:tasks:problem:validation-failed", title: "Validation failed", status: 422, detail, errors: [{ path: "file", message: detail }] }),
    quotaReached: (quota: number) => ({
      type: "urn:tasks:problem:storage-quota-reached",
      title: "Storage quota reached",
      status: 422,
      detail: `The owner of this list has used their storage quota of ${quota} bytes; delete attachments to add more.`,
    }),
    perTaskReached: (max: number) => ({
      type: "urn:tasks:problem:attachment-limit-reached",
      title: "Attachment limit reached",
      status: 422,
      detail: `A task can have at most ${max} attachments; delete one to add another.`,
    }),
  },

  payloadTooLarge: {
    type: "urn:tasks:problem:payload-too-large",
    title: "Request body too large",
    status: 413,
    detail: "Bodies are limited to 16384 bytes.",
  },

  unsupportedMediaType: {
    type: "urn:tasks:problem:unsupported-media-type",
    title: "Unsupported media type",
    status: 415,
    detail: "Send the body as application/json.",
  },

  validation: (errors: FieldError[]) => ({
    type: "urn:tasks:problem:validation-failed",
    title: "Validation failed",
    status: 422,
    detail: "One or more fields are invalid.",
    errors,
  }),

  idempotencyKeyReused: {
    type: "urn:tasks:problem:idempotency-key-reused",
    title: "Idempotency key reused",
    status: 422,
    detail: "This Idempotency-Key was used with a different body.",
    errors: [{ path: "Idempotency-Key", message: "Already used with a different body." }],
  },

  /** MAX_TASKS_PER_USER=max reached. */
  taskLimitReached: (max: number) => ({
    type: "urn:tasks:problem:task-limit-reached",
    title: "Task limit reached",
    status: 422,
    detail: `You can have at most ${max} tasks; delete some to create more.`,
  }),

  /** API_RATE_LIMIT_PER_MINUTE=perMinute spent. */
  rateLimited: (perMinute: number) => ({
    type: "urn:tasks:problem:rate-limited",
    title: "Too many requests",
    status: 429,
    detail: `At most ${perMinute} requests per minute per user: retry after the seconds in Retry-After.`,
  }),

  unavailable: (detail: string) => ({ type: "urn:tasks:problem:unavailable", title: "Service unavailable", status: 503, detail }),

  /** A problem of operation `index` of a batch: its detail names the operation. */
  inOperation: <P extends { detail: string }>(index: number, problem: P): P => ({ ...problem, detail: `Operation ${index}: ${problem.detail}` }),
};
