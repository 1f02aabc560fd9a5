import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PROBLEM_TYPES, problemBody, problemResponse, type ProblemCode } from "@/lib/http/problem";

// Written out rather than derived from PROBLEM_TYPES, so a changed status or title shows here.
const TABLE: [ProblemCode, string, string, number][] = [
  ["invalid_json", "urn:tasks:problem:invalid-json", "Malformed JSON body", 400],
  ["invalid_multipart", "urn:tasks:problem:invalid-multipart", "Malformed multipart body", 400],
  ["invalid_query", "urn:tasks:problem:invalid-query", "Invalid query parameters", 400],
  ["invalid_header", "urn:tasks:problem:invalid-header", "Invalid header", 400],
  ["unauthorized", "urn:tasks:problem:unauthorized", "Authentication required", 401],
  ["cross_origin", "urn:tasks:problem:cross-origin", "Cross-origin request refused", 403],
  ["forbidden", "urn:tasks:problem:forbidden", "Forbidden", 403],
  ["not_found", "urn:tasks:problem:not-found", "Not found", 404],
  ["method_not_allowed", "urn:tasks:problem:method-not-allowed", "Method not allowed", 405],
  ["conflict", "urn:tasks:problem:conflict", "Conflict", 409],
  ["idempotency_key_reused", "urn:tasks:problem:idempotency-key-reused", "Idempotency key reused", 422],
  ["sync_token_expired", "urn:tasks:problem:sync-token-expired", "Sync token expired", 410],
  ["precondition_failed", "urn:tasks:problem:precondition-failed", "Precondition failed", 412],
  ["payload_too_large", "urn:tasks:problem:payload-too-large", "Request body too large", 413],
  ["unsupported_media_type", "urn:tasks:problem:unsupported-media-type", "Unsupported media type", 415],
  ["validation_failed", "urn:tasks:problem:validation-failed", "Validation failed", 422],
  ["task_limit_reached", "urn:tasks:problem:task-limit-reached", "Task limit reached", 422],
  ["list_limit_reached", "urn:tasks:problem:list-limit-reached", "List limit reached", 422],
  ["member_limit_reached", "urn:tasks:problem:member-limit-reached", "Member limit reached", 422],
  ["attachment_limit_reached", "urn:tasks:problem:attachment-limit-reached", "Attachment limit reached", 422],
  ["storage_quota_reached", "urn:tasks:problem:storage-quota-reached", "Storage quota reached", 422],
  ["comment_limit_reached", "urn:tasks:problem:comment-limit-reached", "Comment limit reached", 422],
  ["tag_limit_reached", "urn:tasks:problem:tag-limit-reached", "Tag limit reached", 422],
  ["rate_limited", "urn:tasks:problem:rate-limited", "Too many requests", 429],
  ["internal", "urn:tasks:problem:internal", "Internal server error", 500],
  ["unavailable", "urn:tasks:problem:unavailable", "Service unavailable", 503],
];

describe("AppError", () => {
  it("uses the detail as its message, else the title", () => {
    expect(new AppError("not_found", "No such task.").message).toBe("No such task.");
    expect(new AppError("not_found").message).toBe("Not found");
    expect(new AppError("not_found").name).toBe("AppError");
    expect(new AppError("not_found")).toBeInstanceOf(Error);
  });
});

describe("problemBody", () => {
  it("covers every code", () => {
    expect(Object.keys(PROBLEM_TYPES).sort()).toEqual(TABLE.map(([code]) => code).sort());
  });

  it.each(TABLE)("%s without detail", (code, type, title, status) => {
    expect(problemBody(new AppError(code))).toStrictEqual({ type, title, status });
  });

  it.each(TABLE)("%s with detail", (code, type, title, status) => {
    expect(problemBody(new AppError(code, "Why."))).toStrictEqual({ type, title, status, detail: "Why." });
  });

  it("carries field errors", () => {
    const errors = [{ path: "title", message: "Must not be empty." }];
    expect(problemBody(new AppError("validation_failed", "Bad.", errors))).toStrictEqual({
      type: "urn:tasks:problem:validation-failed",
      title: "Validation failed",
      status: 422,
      detail: "Bad.",
      errors,
    });
  });

  it("keeps an empty detail and an empty error list (present, not dropped)", () => {
    expect(problemBody(new AppError("validation_failed", "", []))).toStrictEqual({
      type: "urn:tasks:problem:validation-failed",
      title: "Validation failed",
      status: 422,
      detail: "",
      errors: [],
    });
  });
});

describe("problemResponse", () => {
  const EXTRA: Partial<Record<ProblemCode, [string, string]>> = {
    unauthorized: ["www-authenticate", 'Bearer realm="tasks"'],
    unavailable: ["retry-after", "5"],
  };

  it.each(TABLE)("%s: status, headers and body", async (code, type, title, status) => {
    const res = problemResponse(new AppError(code, "Detail."));
    expect(res.status).toBe(status);
    const headers = Object.fromEntries(res.headers.entries());
    const extra = EXTRA[code];
    expect(headers).toStrictEqual({
      "content-type": "application/problem+json",
      ...(extra && { [extra[0]]: extra[1] }),
    });
    expect(await res.json()).toStrictEqual({ type, title, status, detail: "Detail." });
  });

  it("sends the body exactly as problemBody gives it", async () => {
    const error = new AppError("invalid_query", "Bad cursor.", [{ path: "cursor", message: "Invalid cursor." }]);
    expect(await problemResponse(error).text()).toBe(JSON.stringify(problemBody(error)));
  });
});
