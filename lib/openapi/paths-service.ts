import { operation } from "./operation";
import type { Paths } from "./types";

// The service itself: probes for load balancers and orchestrators, and this document.

export function servicePaths(): Paths {
  return {
    "/api/health": {
      get: operation({
        id: "checkReadiness",
        summary: "Readiness: can we reach the database?",
        description: "One database round trip, bounded to 2 seconds.",
        tag: "health",
        access: "public",
        responses: { 200: { description: "Ready.", schema: "Health" } },
        problems: ["unavailable"],
      }),
    },
    "/api/health/live": {
      get: operation({
        id: "checkLiveness",
        summary: "Liveness: is the process up?",
        description: "Touches nothing else.",
        tag: "health",
        access: "public",
        responses: { 200: { description: "Alive.", schema: "Live" } },
      }),
    },
    "/api/openapi.json": {
      get: operation({
        id: "getOpenApiDocument",
        summary: "This API description (OpenAPI 3.1)",
        description: "Generated from the schemas the handlers validate with. The reference at /docs renders it.",
        tag: "health",
        access: "public",
        responses: { 200: { description: "The OpenAPI document.", schema: "OpenApiDocument" } },
      }),
    },
  };
}
