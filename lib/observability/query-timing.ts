import { observabilityConfig } from "@/lib/config";
import { logger, roundMs } from "./logger";
import { metrics } from "./metrics";

/**
 * One finished statement (or transaction): into db_query_duration_seconds, and a
 * "slow query" warning when it took SLOW_QUERY_MS or longer (0: every statement).
 * `statement` is a name from statementName(), never SQL text.
 */
export function observeQuery(statement: string, ms: number): void {
  metrics().dbQueryDuration.observe({ statement }, ms / 1000);
  if (ms >= observabilityConfig().slowQueryMs) logger().warn({ statement, durationMs: roundMs(ms) }, "slow query");
}
