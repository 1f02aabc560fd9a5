import { withErrors } from "@/lib/http/handler";
import { pingDatabase } from "@/lib/health";
import { otherMethods } from "@/lib/http/methods";

// GET /api/health: readiness; 200 when the database answers, 503 problem otherwise
export const GET = withErrors(async () => {
  await pingDatabase();
  return Response.json({ status: "ok", database: "ok" });
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
