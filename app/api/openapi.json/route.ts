import { openApiDocument } from "@/lib/openapi/document";

// GET /api/openapi.json: the OpenAPI 3.1 description of this API. The same for everyone
// and for the life of the build, so shared caches may keep it for a while. Serialised
// once per process, like the document itself.

let body: string | undefined;

export function GET(): Response {
  body ??= JSON.stringify(openApiDocument());
  return new Response(body, {
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
