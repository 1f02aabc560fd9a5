import { withErrors } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/methods";
import type { LiveJson } from "@/lib/health-responses";

// GET /api/health/live: liveness; the process answers, nothing else is touched. Polled
// every few seconds by orchestrators: counted in the metrics, but no access log line.
export const GET = withErrors(async () => Response.json({ status: "ok" } satisfies LiveJson), { accessLog: false });

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
