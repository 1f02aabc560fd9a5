import type { LiveJson } from "@/lib/health-responses";

// GET /api/health/live: liveness; the process answers, nothing else is touched
export function GET(): Response {
  return Response.json({ status: "ok" } satisfies LiveJson, {
    headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}
