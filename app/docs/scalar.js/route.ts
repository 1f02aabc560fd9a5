import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { SCALAR_BUNDLE_FILE } from "../scalar-bundle";
import { otherMethods } from "@/lib/http/methods";

// GET /docs/scalar.js?v=<version>: the API reference's script. The page asks for it by
// version, so a browser may keep it for good.
export async function GET(): Promise<Response> {
  const { size } = await stat(SCALAR_BUNDLE_FILE);
  const body = Readable.toWeb(createReadStream(SCALAR_BUNDLE_FILE)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Content-Length": String(size),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow), as on the API.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
