import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } from "next/constants";
import { loadConfig } from "./lib/config";

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR lets several builds of one checkout live side by side (parallel test runs).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files from its own package folder at run time,
  // and postgres.js is plain Node: both run best unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // The server applies migrations from disk on first use; serverless bundles need them too.
  outputFileTracingIncludes: { "/**": ["./db/migrations/**/*"] },
};

export default function config(phase: string): NextConfig {
  // Fail at start, not at the first request, when the configuration cannot work
  // (a missing production secret, a malformed DATABASE_URL...).
  if (phase === PHASE_PRODUCTION_SERVER || phase === PHASE_DEVELOPMENT_SERVER) {
    try {
      loadConfig();
    } catch (error) {
      console.error(`[tasks] ${(error as Error).message}`);
      process.exit(1);
    }
  }
  return nextConfig;
}
