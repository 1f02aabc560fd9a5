import { withErrors } from "@/lib/http/handler";
import { otherMethods } from "@/lib/http/methods";
import { openApiDocument } from "@/lib/openapi/document";

// GET /api/openapi.json: the OpenAPI 3.1 description of this API. The same for everyone
// and for the life of the build, so shared caches may keep it for a while. Serialised
// once per process, like the document itself.

let body: string | undefined;

export const GET = withErrors(async () => {
  body ??= JSON.stringify(openApiDocument());
  return new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" } });
});

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
