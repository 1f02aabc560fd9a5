import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadObservabilityConfig } from "@/lib/config";

// LOG_LEVEL, SLOW_QUERY_MS and METRICS_TOKEN: defaults, accepted values, and refusals that
// name the variable, at start (loadConfig) as well as where they are read.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tasks-config-obs-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN = "0123456789abcdef";

function refusal(env: Record<string, string>): string {
  const messages = [
    () => loadObservabilityConfig(env),
    () => loadConfig({ DATA_DIR: dir, BETTER_AUTH_SECRET: "s".repeat(32), ...env } as unknown as NodeJS.ProcessEnv),
  ].map((load) => {
    try {
      load();
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error("expected a ConfigError");
  });
  expect(messages[1]).toBe(messages[0]);
  return messages[0]!;
}

describe("observability settings", () => {
  it("defaults: info, 100 ms, no metrics", () => {
    expect(loadObservabilityConfig({})).toStrictEqual({ logLevel: "info", slowQueryMs: 100, metricsToken: undefined });
    expect(loadObservabilityConfig({ LOG_LEVEL: "", SLOW_QUERY_MS: "", METRICS_TOKEN: "" })).toStrictEqual({
      logLevel: "info",
      slowQueryMs: 100,
      metricsToken: undefined,
    });
  });

  it.each([
    [{ LOG_LEVEL: "silent" }, { logLevel: "silent" }],
    [{ LOG_LEVEL: "WARN" }, { logLevel: "warn" }],
    [{ LOG_LEVEL: "debug" }, { logLevel: "debug" }],
    [{ SLOW_QUERY_MS: "0" }, { slowQueryMs: 0 }],
    [{ SLOW_QUERY_MS: "2500" }, { slowQueryMs: 2500 }],
    [{ METRICS_TOKEN: TOKEN }, { metricsToken: TOKEN }],
    [{ METRICS_TOKEN: "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=" }, { metricsToken: "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=" }],
  ])("%j", (env, expected) => {
    expect(loadObservabilityConfig(env)).toMatchObject(expected);
  });

  it.each([
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
    [{ SLOW_QUERY_MS: "-1" }, "SLOW_QUERY_MS: expected a whole number"],
    [{ SLOW_QUERY_MS: "1e3" }, "SLOW_QUERY_MS: expected a whole number"],
    [{ SLOW_QUERY_MS: "3600001" }, "SLOW_QUERY_MS"],
    [{ METRICS_TOKEN: "short-token" }, "METRICS_TOKEN: use at least 16 characters (openssl rand -hex 32)"],
    [{ METRICS_TOKEN: "a token with spaces in it" }, "METRICS_TOKEN: use letters, digits and -._~+/ only (openssl rand -hex 32)"],
  ])("%j is refused", (env, message) => {
    expect(refusal(env)).toContain(message);
  });

  it("a refused token is not echoed", () => {
    expect(refusal({ METRICS_TOKEN: "sesame" })).not.toContain("sesame");
  });
});
