import type { BetterAuthOptions } from "better-auth";
import { clientIp } from "@/lib/client-ip";
import { requestWithHeaders } from "@/lib/http/request-with-headers";
import { countRateLimitRejection } from "@/lib/observability/metrics";
import { logger } from "@/lib/observability/logger";
import { authPath, authRuleFor, isCredentialPath } from "./auth-rules";
import { refusalHeaders } from "./headers";
import { isCounterStoreUnavailable } from "./counters";
import { consume } from "./store";

// Better Auth's limiter, wired to this app: the client IP from the trusted header only,
// counters in the database (shared by every instance), our rules, and one shape for a 429.

/**
 * The one header Better Auth reads the client IP from. It is set here, from the header
 * the deployment trusts, on a copy of each request; a value the client sent is removed.
 */
export const CLIENT_IP_HEADER = "x-tasks-client-ip";

export function authRateLimit(enabled: boolean): NonNullable<BetterAuthOptions["rateLimit"]> {
  return {
    enabled,
    customStorage: {
      async consume(key, rule) {
        let verdict;
        try {
          verdict = await consume(key, rule);
        } catch (error) {
          if (!passesUncounted(key, error)) throw error;
          return { allowed: true, retryAfter: null };
        }
        if (!verdict.allowed) countRateLimitRejection("auth_ip");
        return { allowed: verdict.allowed, retryAfter: verdict.allowed ? null : verdict.resetSeconds };
      },
    },
    customRules: {
      // Every path. Without a client IP Better Auth would put all clients in one bucket,
      // and any one of them could lock everyone out of signing in: no IP, no IP limit (the
      // per-account limits, account-limits.ts, still hold).
      "/**": (req) => (req.headers.has(CLIENT_IP_HEADER) ? authRuleFor(authPath(req.url)) : false),
    },
  };
}

/**
 * With the counters out of reach (Redis down), what may pass uncounted: the routes that
 * take no credentials (session reads, tokens, keys, sign-out), which an outage must not
 * take down with it. Sign-in, sign-up and the password routes stay refused (503): a
 * limiter that cannot count never waves a guesser through. Better Auth's key is
 * "<ip>|<path>"; an IP holds no "|".
 */
function passesUncounted(key: string, error: unknown): boolean {
  if (!isCounterStoreUnavailable(error)) return false;
  if (isCredentialPath(key.slice(key.indexOf("|") + 1))) return false;
  warnUncounted();
  return true;
}

// Once a minute at most: an outage must not turn every session read into a log line.
let lastUncountedWarning = 0;
function warnUncounted(): void {
  if (Date.now() - lastUncountedWarning < 60_000) return;
  lastUncountedWarning = Date.now();
  logger().warn({ code: "COUNTER_STORE_UNAVAILABLE" }, "rate-limit store unavailable: routes without credentials pass uncounted");
}

/**
 * Where Better Auth reads the client IP (for its limiter and the sessions' ip_address):
 * only our header, which only we set. With no trusted header there is no IP to read;
 * saying so keeps Better Auth from guessing (127.0.0.1 in development) and from warning
 * that it falls back to one shared bucket, which our rules never do.
 */
export function authIpAddress(trustedIpHeader: string | undefined) {
  return trustedIpHeader ? { ipAddressHeaders: [CLIENT_IP_HEADER] } : { disableIpTracking: true };
}

/**
 * Better Auth's HTTP handler behind our IP header: the client IP taken from the trusted
 * header (or none), and the limiter's 429 completed with Retry-After, the RateLimit
 * headers and a `{ code, message }` body like Better Auth's other errors.
 */
export async function handleAuthRequest(
  req: Request,
  handler: (req: Request) => Promise<Response>,
  trustedIpHeader: string | undefined,
): Promise<Response> {
  const headers = new Headers(req.headers);
  headers.delete(CLIENT_IP_HEADER);
  const ip = clientIp(req.headers, trustedIpHeader);
  if (ip !== null) headers.set(CLIENT_IP_HEADER, ip);
  const res = await handler(requestWithHeaders(req, headers));
  // Better Auth's limiter marks its refusals with X-Retry-After (and nothing else does).
  const marked = res.status === 429 ? res.headers.get("x-retry-after") : null;
  if (marked === null) return res;
  const retryAfter = Number(marked);
  const quota = { limit: authRuleFor(authPath(req.url)).max, remaining: 0, resetSeconds: retryAfter };
  return Response.json(
    { code: "RATE_LIMITED", message: "Too many requests. Please try again later." },
    { status: 429, headers: refusalHeaders(quota, retryAfter) },
  );
}
