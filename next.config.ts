import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { loadConfig } from "./lib/config";
import { installMethodGate } from "./lib/http/method-gate";

// Security headers (next.config `headers()`: no proxy.ts, see README "Security").
//
// The UI's CSP cannot forbid inline scripts: every App Router page carries its React
// Server Components payload in inline <script> tags (self.__next_f.push), different on
// every request here (the page renders the signed-in user). Next only puts a nonce on them
// when a proxy.ts writes one into the request, and hashes cannot cover per-request content.
// So scripts are 'self' plus inline, and everything else is locked down: no foreign script
// or connection, no eval, no plugins, no <base>, forms only to this origin, no framing.
function pageCsp(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`, // React in development uses eval
    "style-src 'self' 'unsafe-inline'", // React's style props
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const EVERYWHERE = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

// Not no-referrer: under that policy browsers send `Origin: null` on same-origin POSTs,
// and the cross-site checks (ours and Better Auth's) would refuse the UI's own writes.
const REFERRER_POLICY = { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" };

const PERMISSIONS_POLICY = {
  key: "Permissions-Policy",
  value:
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), " +
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), " +
    "browsing-topics=()",
};

export function securityHeaders(dev: boolean): Awaited<ReturnType<NonNullable<NextConfig["headers"]>>> {
  return [
    { source: "/:path*", headers: EVERYWHERE },
    // The UI: every path but the API and /docs (which sends its own, stricter CSP).
    {
      source: "/((?!api/|api$|docs/|docs$).*)",
      headers: [
        { key: "Content-Security-Policy", value: pageCsp(dev) },
        REFERRER_POLICY,
        PERMISSIONS_POLICY,
        { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      ],
    },
    // JSON is never a document, and an attachment's download must never be one of this
    // origin: nothing in either may run, load or be framed, even if a browser opens it
    // (sandbox: no script, a unique origin; lib/http/attachment-responses.ts).
    {
      source: "/api/:path*",
      headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; sandbox; frame-ancestors 'none'" }, REFERRER_POLICY],
    },
  ];
}

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets several builds of one checkout live side by side (parallel test runs).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // Compression is the platform's job (Vercel's edge, or the reverse proxy in front of
  // `next start`): gzip in the Node process costs CPU on the one thread that serves every
  // request, and Next's in-process compression leaked native memory on aborted responses.
  compress: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time,
  // and postgres.js is plain Node: both run best unbundled. pino and prom-client too, and
  // unbundled they are one module per process, not one copy per route bundle. The AWS SDK
  // (attachments in S3) too, loaded only where S3_BUCKET is set.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino", "prom-client", "ioredis", "nodemailer", "@aws-sdk/client-s3", "@aws-sdk/lib-storage"],
  // The server applies migrations from disk on first use; serverless bundles need them too.
  outputFileTracingIncludes: { "/**": ["./db/migrations/**/*"] },
};

export default function config(phase: string): NextConfig {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  // Fail at start, not at the first request, when the configuration cannot work
  // (a missing production secret, a malformed DATABASE_URL...).
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) {
    try {
      loadConfig();
    } catch (error) {
      console.error(`[tasks] ${(error as Error).message}`);
      process.exit(1);
    }
    // Methods Next cannot answer (TRACE, PROPFIND...) get our 405: see lib/http/method-gate.ts.
    installMethodGate();
  }
  return { ...nextConfig, headers: async () => securityHeaders(dev) };
}
