import { logger, roundMs } from "./logger";
import { metrics } from "./metrics";

/**
 * One answered API request: its access log line and its two metrics. What the line holds
 * is all it ever holds: no path (task ids, tokens in reset links), no query string (search
 * terms), no header, no body.
 */
export function recordRequest(
  requestId: string,
  method: string,
  route: string,
  status: number,
  ms: number,
  userId: string | undefined,
  logLine = true,
): void {
  const labels = { method, route, status: String(status) };
  const { httpRequests, httpDuration } = metrics();
  httpRequests.inc(labels);
  httpDuration.observe(labels, ms / 1000);
  const log = logger();
  // userId undefined (anonymous, refused): pino leaves the key out.
  if (logLine && log.isLevelEnabled("info")) log.info({ requestId, method, route, status, durationMs: roundMs(ms), userId }, "request");
}
