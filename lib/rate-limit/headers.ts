// The rate-limit headers every limiter of this app sends, in one shape: the IETF draft's
// RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset (draft-ietf-httpapi-ratelimit-headers-06,
// the form most clients and proxies understand), plus Retry-After (RFC 9110) on a 429.

/** Where a caller stands against one limit. */
export type Quota = {
  /** Requests the limit allows in its window (or bucket). */
  limit: number;
  /** Requests left now. */
  remaining: number;
  /** Seconds until the quota is whole again. */
  resetSeconds: number;
};

export function rateLimitHeaders(quota: Quota): Record<string, string> {
  return {
    "RateLimit-Limit": String(quota.limit),
    "RateLimit-Remaining": String(Math.max(0, quota.remaining)),
    "RateLimit-Reset": String(Math.max(0, quota.resetSeconds)),
  };
}

/** A refusal: the quota, and when the next request can succeed (at least one second). */
export function refusalHeaders(quota: Quota, retryAfterSeconds: number): Record<string, string> {
  return { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))), ...rateLimitHeaders(quota) };
}
