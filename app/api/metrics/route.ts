import { observabilityConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { withErrors } from "@/lib/http/handler";
import { bearerTokenMatches } from "@/lib/observability/bearer-token";
import { metrics } from "@/lib/observability/metrics";
import { otherMethods } from "@/lib/http/methods";

// GET /api/metrics: Prometheus text for a scraper with `Authorization: Bearer $METRICS_TOKEN`;
// 401 without it, and a plain 404 when METRICS_TOKEN is unset (nothing says it exists).
export const GET = withErrors(async (req, { headers }) => {
  const { metricsToken } = observabilityConfig();
  if (!metricsToken) throw new AppError("not_found");
  if (!bearerTokenMatches(req.headers.get("authorization"), metricsToken)) {
    // Its own realm: the API's tokens are no good here, and the scraper should not try them.
    headers.set("WWW-Authenticate", 'Bearer realm="metrics"');
    throw new AppError("unauthorized", "Send Authorization: Bearer <METRICS_TOKEN>.");
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
