import { withErrors } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/methods";
import { pingDatabase } from "@/lib/health";
import type { HealthJson } from "@/lib/health-responses";

// GET /api/health: readiness; 200 when the database answers, 503 problem otherwise
export const GET = withErrors(async () => {
  await pingDatabase();
  return Response.json({ status: "ok", database: "ok" } satisfies HealthJson);
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
