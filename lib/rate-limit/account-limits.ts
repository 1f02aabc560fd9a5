import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { countRateLimitRejection } from "@/lib/observability/metrics";
import { ACCOUNT_LIMITS, type AccountLimit } from "./auth-rules";
import { refusalHeaders } from "./headers";
import { consume, refund } from "./store";

// The limits per account, whatever the IP (a Better Auth plugin: its hooks run for the
// paths of each limit, as Better Auth routes them, so every spelling of a URL that reaches
// an endpoint is counted as that endpoint). Each attempt takes one from the allowance
// before Better Auth looks at the password or the email, so parallel attempts cannot all
// slip through; a limit that refunds gives it back when the attempt succeeds. Past the
// allowance even the right password is refused until the window ends, or the limit would
// tell a guesser when they were right.

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** The counter an attempt is counted on: the body's email, or the session's user. */
async function keyOf(limit: AccountLimit, ctx: HookContext): Promise<string | null> {
  if (limit.by === "email") return limit.key((ctx.body as { email?: unknown } | undefined)?.email);
  // No session: nothing to count, and the endpoint answers 401 before any password check.
  const session = await getSessionFromCtx(ctx);
  return limit.key(session?.user.id);
}

export function accountAttemptLimits(enabled: boolean) {
  const matcher = (limit: AccountLimit) => (ctx: { path?: string }) => enabled && limit.paths.includes(ctx.path ?? "");
  return {
    id: "account-attempt-limits",
    hooks: {
      before: ACCOUNT_LIMITS.map((limit) => ({
        matcher: matcher(limit),
        handler: createAuthMiddleware(async (ctx) => {
          const key = await keyOf(limit, ctx);
          if (!key) return;
          const verdict = await consume(key, limit.rule);
          if (verdict.allowed) return;
          countRateLimitRejection("auth_account");
          throw new APIError("TOO_MANY_REQUESTS", limit.refusal, refusalHeaders(verdict, verdict.resetSeconds));
        }),
      })),
      after: ACCOUNT_LIMITS.filter((limit) => limit.refundsSuccess).map((limit) => ({
        matcher: matcher(limit),
        handler: createAuthMiddleware(async (ctx) => {
          if (ctx.context.returned === undefined || isAPIError(ctx.context.returned)) return;
          const key = await keyOf(limit, ctx);
          if (key) await refund(key);
        }),
      })),
    },
  } satisfies BetterAuthPlugin;
}
