import { scalarVersion } from "./scalar-bundle";
import { otherMethods } from "@/lib/http/methods";

// GET /docs: the interactive API reference (Scalar) for /api/openapi.json. Everything it
// loads comes from this origin, and the CSP says so: no CDN, no web fonts, no telemetry,
// so it works offline and on self-hosted installs behind strict firewalls.

const CONFIGURATION = {
  withDefaultFonts: false, // otherwise fonts come from Scalar's CDN
  telemetry: false,
  agent: { disabled: true }, // Scalar's hosted AI assistant
  showDeveloperTools: "never",
  documentDownloadType: "json",
  hideDarkModeToggle: false,
  persistAuth: false,
  metaData: { title: "Tasks API reference" },
  authentication: { preferredSecurityScheme: "bearerAuth" },
};

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // Scalar styles its components inline
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'", // the document, and "Test request" against this API
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

function escapeAttribute(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

let html: string | undefined;

function page(): string {
  // Scalar's HTML API: it mounts next to #api-reference and reads the document's URL and
  // its settings from the element's attributes, so the page needs no inline script.
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Tasks API reference</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <noscript>The API reference needs JavaScript. The OpenAPI document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
    <script id="api-reference" data-url="/api/openapi.json" data-configuration="${escapeAttribute(JSON.stringify(CONFIGURATION))}"></script>
    <script src="/docs/scalar.js?v=${encodeURIComponent(scalarVersion())}"></script>
  </body>
</html>
`;
}

export function GET(): Response {
  html ??= page();
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}

// Every other method: 405 problem+json with Allow (OPTIONS: 204 with Allow), as on the API.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
