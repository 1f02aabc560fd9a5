import { withErrors } from "@/lib/http/handler";
import { pingDatabase } from "@/lib/health";
import type { HealthJson } from "@/lib/health-responses";

// GET /api/health: readiness; 200 when the database answers, 503 problem otherwise
export const GET = withErrors(async () => {
  await pingDatabase();
  return Response.json({ status: "ok", database: "ok" } satisfies HealthJson);
});
