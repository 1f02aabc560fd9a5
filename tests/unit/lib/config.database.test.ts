import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, DATABASE_LIMITS, loadConfig } from "@/lib/config";

// The DB_* bounds: defaults, accepted values, and refusals that name the variable.

const SECRET = "s".repeat(32);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tasks-config-db-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const load = (env: Record<string, string>) =>
  loadConfig({ DATA_DIR: dir, BETTER_AUTH_SECRET: SECRET, ...env } as unknown as NodeJS.ProcessEnv);

function configError(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("database limits", () => {
  it("default: a pool of 15, 5 s to connect, 10 s per statement, 100 waiting for at most 2 s", () => {
    const expected = { poolMax: 15, connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, queueMax: 100, queueTimeoutMs: 2_000 };
    expect(DATABASE_LIMITS).toStrictEqual(expected);
    expect(load({}).database).toStrictEqual(expected);
  });

  it("blank values take the defaults", () => {
    const blank = { DB_POOL_MAX: "", DB_CONNECT_TIMEOUT_MS: "", DB_STATEMENT_TIMEOUT_MS: "", DB_QUEUE_MAX: "", DB_QUEUE_TIMEOUT_MS: "" };
    expect(load(blank).database).toStrictEqual(DATABASE_LIMITS);
  });

  it("reads each variable", () => {
    const env = {
      DB_POOL_MAX: "40",
      DB_CONNECT_TIMEOUT_MS: "1500",
      DB_STATEMENT_TIMEOUT_MS: "30000",
      DB_QUEUE_MAX: "0",
      DB_QUEUE_TIMEOUT_MS: "250",
    };
    expect(load(env).database).toStrictEqual({
      poolMax: 40,
      connectTimeoutMs: 1500,
      statementTimeoutMs: 30000,
      queueMax: 0,
      queueTimeoutMs: 250,
    });
  });

  it.each([
    ["DB_POOL_MAX", "0", "Too small: expected number to be >=1"],
    ["DB_POOL_MAX", "1001", "Too big: expected number to be <=1000"],
    ["DB_POOL_MAX", "15.5", "expected a whole number"],
    ["DB_POOL_MAX", "-1", "expected a whole number"],
    ["DB_POOL_MAX", "1e3", "expected a whole number"],
    ["DB_CONNECT_TIMEOUT_MS", "99", "Too small: expected number to be >=100"],
    ["DB_CONNECT_TIMEOUT_MS", "5s", "expected a whole number"],
    ["DB_STATEMENT_TIMEOUT_MS", "0", "Too small: expected number to be >=100"],
    ["DB_QUEUE_MAX", "100001", "Too big: expected number to be <=100000"],
    ["DB_QUEUE_TIMEOUT_MS", "0", "Too small: expected number to be >=1"],
  ])("refuses %s=%j", (name, value, message) => {
    expect(configError({ [name]: value })).toBe(`Invalid configuration: ${name}: ${message}`);
  });
});
