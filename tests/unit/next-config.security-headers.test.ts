import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants";
import { afterEach, describe, expect, it, vi } from "vitest";
import nextConfig, { securityHeaders } from "@/next.config";

// The headers themselves are checked on real responses in tests/security/misconfiguration.test.ts;
// this is what only the configuration shows: what changes between development and production.

function csp(dev: boolean): string {
  const page = securityHeaders(dev).find((rule) => rule.source.startsWith("/((?!api"))!;
  return page.headers.find((h) => h.key === "Content-Security-Policy")!.value;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("securityHeaders", () => {
  it("allows eval only under next dev (React's development build needs it)", () => {
    expect(csp(false)).not.toContain("unsafe-eval");
    expect(csp(true)).toContain("script-src 'self' 'unsafe-inline' 'unsafe-eval'");
  });

  it("is what next.config.ts serves, in each phase", async () => {
    expect(await nextConfig(PHASE_PRODUCTION_BUILD).headers!()).toStrictEqual(securityHeaders(false));
    // Loading the development server's config validates the environment; give it a valid one.
    vi.stubEnv("BETTER_AUTH_SECRET", "next-config-test-secret-0123456789abcdef");
    expect(await nextConfig(PHASE_DEVELOPMENT_SERVER).headers!()).toStrictEqual(securityHeaders(true));
  });

  it.each([
    ["/", true],
    ["/anything/else", true],
    ["/docs", false],
    ["/docs/scalar.js", false],
    ["/api/tasks", false],
    ["/api", false],
    ["/apis", true],
    ["/documents", true],
  ])("puts the page CSP on %s: %s", (path, expected) => {
    const source = securityHeaders(false).find((rule) => rule.source.startsWith("/((?!api"))!.source;
    // Next matches `source` with path-to-regexp; the part in parentheses is a plain RegExp.
    const pattern = new RegExp(`^/${source.slice(2, -1)}$`);
    expect(pattern.test(path)).toBe(expected);
  });
});
