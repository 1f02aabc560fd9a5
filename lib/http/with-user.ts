import { migrated } from "@/db/client";
import { sweepInBackground } from "@/lib/attachments/sweep";
import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { purgeHistoryLater } from "@/lib/history/retention";
import { countRateLimitRejection } from "@/lib/observability/metrics";
import { apiQuota } from "@/lib/rate-limit/api-quota";
import { rateLimitHeaders, refusalHeaders } from "@/lib/rate-limit/headers";
import { authenticate, type Caller } from "./authenticate";
import { withErrors } from "./handler";

/**
 * A route for a signed-in caller: authentication, the caller's request quota, then the
 * handler, one error path for all three.
 */
export function withUser<P = object>(
  fn: (req: Request, ctx: { user: Caller; params: P }) => Promise<Response>,
) {
  return withErrors<P>(async (req, { params, headers, request }) => {
    await migrated(); // the caller is looked up partly through Better Auth (keys, sessions), on the unmigrated client
    const user = await authenticate(req);
    request.userId = user.id;
    admit(user, headers);
    const res = await fn(req, { user, params });
    // A write may have deleted attachments (a task, a list, a batch): with S3, their objects
    // are removed after the response (lib/attachments/sweep.ts). In PostgreSQL their bytes
    // went in the same transaction, so the default store pays nothing here.
    if (config().s3 && req.method !== "GET" && req.method !== "HEAD" && res.ok) sweepInBackground();
    // Writes make history: they also keep it within HISTORY_RETENTION_DAYS, after responding.
    if (req.method !== "GET" && req.method !== "HEAD") purgeHistoryLater();
    return res;
  });
}

/**
 * API_RATE_LIMIT_PER_MINUTE per user, in this instance's memory (lib/rate-limit/api-quota.ts).
 * Every response to a signed-in caller says where they stand (RateLimit-*); past the limit
 * the request is refused before it reaches the database.
 */
function admit(user: Caller, headers: Headers): void {
  const admission = apiQuota(config().apiRateLimitPerMinute)?.take(user.id);
  if (!admission) return;
  if (admission.allowed) {
    for (const [name, value] of Object.entries(rateLimitHeaders(admission))) headers.set(name, value);
    return;
  }
  countRateLimitRejection("api");
  for (const [name, value] of Object.entries(refusalHeaders(admission, admission.retryAfterSeconds))) headers.set(name, value);
  throw new AppError(
    "rate_limited",
    `At most ${admission.limit} requests per minute per user: retry after the seconds in Retry-After.`,
  );
}
