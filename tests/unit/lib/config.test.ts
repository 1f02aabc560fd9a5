import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config";

const SECRET = "s".repeat(32);
const PG = "postgres://tasks:hunter2@db.internal:5432/tasks";

let dir: string;
let info: MockInstance<typeof console.info>;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tasks-config-"));
  info = vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => {
  info.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

// Explicit env objects only, never process.env (Next's types make NODE_ENV required there).
const asEnv = (env: Record<string, string>) => env as unknown as NodeJS.ProcessEnv;
/** Every call names DATA_DIR, so nothing can land in the repository's .data. */
const load = (env: Record<string, string>) => loadConfig(asEnv({ DATA_DIR: dir, ...env }));

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("BETTER_AUTH_SECRET", () => {
  it.each([
    ["unset", {}],
    ["blank", { BETTER_AUTH_SECRET: "" }],
  ])("production with DATABASE_URL and the secret %s: refused", (_, extra) => {
    const error = configError({ NODE_ENV: "production", DATABASE_URL: PG, ...extra });
    expect(error.name).toBe("ConfigError");
    expect(error.message).toBe(
      "BETTER_AUTH_SECRET is not set: production with DATABASE_URL needs a secret of at least 32 characters (openssl rand -base64 32).",
    );
  });

  it.each(["production", "development"])("%s: a 31-character secret is refused without echoing it", (NODE_ENV) => {
    const error = configError({ NODE_ENV, DATABASE_URL: PG, BETTER_AUTH_SECRET: "k".repeat(31) });
    expect(error.message).toBe(
      "BETTER_AUTH_SECRET is too short: use at least 32 characters (openssl rand -base64 32).",
    );
    expect(error.message).not.toContain("kkkk");
  });

  it("a 32-character secret is used as given", () => {
    expect(load({ NODE_ENV: "production", DATABASE_URL: PG, BETTER_AUTH_SECRET: SECRET })).toStrictEqual({
      production: true,
      databaseUrl: PG,
      dataDir: dir,
      authSecret: SECRET,
      baseUrl: "http://localhost:3000",
      authRateLimit: true,
      signUp: true,
      trustedIpHeader: undefined,
      redisUrl: undefined,
      apiRateLimitPerMinute: 600,
      maxTasksPerUser: 10_000,
      syncTombstones: { days: 30, perUser: 2_000 },
      lists: { maxPerUser: 200, maxMembers: 100, invitationTtlDays: 7, invitationsPerHour: 30 },
      maxCommentsPerTask: 1_000,
      historyRetentionDays: undefined,
      maxTagsPerList: 500,
      database: { poolMax: 15, connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, queueMax: 100, queueTimeoutMs: 2_000 },
      mail: undefined,
      attachments: { maxBytes: 10 * 1024 * 1024, quotaBytes: 1024 ** 3, perTask: 100 },
      s3: undefined,
    });
    expect(info).not.toHaveBeenCalled();
  });
});

describe("generated local secret", () => {
  it.each([
    ["development, no DATABASE_URL", {}],
    ["blank DATABASE_URL and secret", { DATABASE_URL: "", BETTER_AUTH_SECRET: "" }],
    ["production, embedded database", { NODE_ENV: "production" }],
    ["development with DATABASE_URL", { DATABASE_URL: PG }],
  ])("%s: written once with mode 0600, then reused", (_, env) => {
    const file = path.join(dir, "auth-secret");
    const first = load(env).authSecret;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(readFileSync(file, "utf8")).toBe(`${first}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(load(env).authSecret).toBe(first);
    expect(info).toHaveBeenCalledExactlyOnceWith(
      `[tasks] BETTER_AUTH_SECRET is not set: generated one and saved it in ${file}`,
    );
  });

  it("creates a missing DATA_DIR", () => {
    const nested = path.join(dir, "a", "b");
    const secret = loadConfig(asEnv({ DATA_DIR: nested })).authSecret;
    expect(readFileSync(path.join(nested, "auth-secret"), "utf8")).toBe(`${secret}\n`);
  });

  it("reads a secret another process saved first", () => {
    writeFileSync(path.join(dir, "auth-secret"), `${"p".repeat(43)}\n`);
    expect(load({}).authSecret).toBe("p".repeat(43));
    expect(info).not.toHaveBeenCalled();
  });

  // A damaged secret file (empty, cut short) must never become the secret.
  it.each([
    ["empty", ""],
    ["a bare newline", "\n"],
    ["too short", "short\n"],
  ])("never yields a secret under 32 characters from a %s file", (_, content) => {
    writeFileSync(path.join(dir, "auth-secret"), content);
    expect(() => load({})).toThrow(ConfigError);
  });
});

describe("DATABASE_URL", () => {
  it.each([PG, "postgresql://localhost/tasks"])("accepts %s", (url) => {
    expect(load({ DATABASE_URL: url, BETTER_AUTH_SECRET: SECRET }).databaseUrl).toBe(url);
  });

  it.each(["mysql://tasks:hunter2@db/tasks", "not a url", "postgres", "http://db/tasks"])("refuses %j", (url) => {
    const error = configError({ DATABASE_URL: url, BETTER_AUTH_SECRET: SECRET });
    expect(error.message).toBe("Invalid configuration: DATABASE_URL: Invalid URL");
    expect(error.message).not.toContain("hunter2");
  });
});

describe("baseUrl", () => {
  it.each([
    [undefined, "http://localhost:3000"],
    ["", "http://localhost:3000"],
    ["https://tasks.example.com", "https://tasks.example.com"],
    ["https://tasks.example.com/", "https://tasks.example.com"],
    ["https://tasks.example.com/api/auth?x=1#y", "https://tasks.example.com"],
    ["https://tasks.example.com:443/app", "https://tasks.example.com"],
    ["http://localhost:8080/", "http://localhost:8080"],
    ["HTTPS://Tasks.Example.COM", "https://tasks.example.com"],
  ])("BETTER_AUTH_URL %j -> %s", (url, origin) => {
    const env: Record<string, string> = url === undefined ? {} : { BETTER_AUTH_URL: url };
    expect(load({ BETTER_AUTH_SECRET: SECRET, ...env }).baseUrl).toBe(origin);
  });

  it.each(["ftp://tasks.example.com", "tasks.example.com", "javascript:alert(1)"])("refuses %j", (url) => {
    expect(configError({ BETTER_AUTH_URL: url, BETTER_AUTH_SECRET: SECRET }).message).toBe(
      "Invalid configuration: BETTER_AUTH_URL: Invalid URL",
    );
  });
});

describe("SIGN_UP", () => {
  it.each([
    [undefined, true],
    ["", true],
    ["on", true],
    ["off", false],
  ])("SIGN_UP %j -> sign-up open: %s", (value, open) => {
    expect(load({ BETTER_AUTH_SECRET: SECRET, ...(value !== undefined && { SIGN_UP: value }) }).signUp).toBe(open);
  });

  it("refuses anything but on and off", () => {
    expect(configError({ SIGN_UP: "false", BETTER_AUTH_SECRET: SECRET }).message).toBe(
      'Invalid configuration: SIGN_UP: Invalid option: expected one of "on"|"off"',
    );
  });
});

describe("NODE_ENV and authRateLimit", () => {
  // On unless AUTH_RATE_LIMIT=off, whatever NODE_ENV: `next dev` is limited like production.
  it.each([
    ["production", undefined, true, true],
    ["development", undefined, false, true],
    ["test", undefined, false, true],
    ["", undefined, false, true],
    ["production", "off", true, false],
    ["development", "off", false, false],
    ["development", "on", false, true],
    ["test", "on", false, true],
    ["production", "", true, true],
  ])("NODE_ENV %j, AUTH_RATE_LIMIT %j -> production %s, rate limit %s", (NODE_ENV, limit, production, rateLimit) => {
    const env = { NODE_ENV, BETTER_AUTH_SECRET: SECRET, ...(limit !== undefined && { AUTH_RATE_LIMIT: limit }) };
    const config = load(env);
    expect([config.production, config.authRateLimit]).toEqual([production, rateLimit]);
  });

  it("refuses an unknown NODE_ENV and AUTH_RATE_LIMIT, naming both", () => {
    expect(configError({ NODE_ENV: "staging", AUTH_RATE_LIMIT: "yes", BETTER_AUTH_SECRET: SECRET }).message).toBe(
      'Invalid configuration: NODE_ENV: Invalid option: expected one of "development"|"production"|"test"; ' +
        'AUTH_RATE_LIMIT: Invalid option: expected one of "on"|"off"',
    );
  });
});

describe("rate limits and the task cap", () => {
  const defaults = { trustedIpHeader: undefined, redisUrl: undefined, apiRateLimitPerMinute: 600, maxTasksPerUser: 10_000 };
  const pick = (c: ReturnType<typeof load>) => ({
    trustedIpHeader: c.trustedIpHeader,
    redisUrl: c.redisUrl,
    apiRateLimitPerMinute: c.apiRateLimitPerMinute,
    maxTasksPerUser: c.maxTasksPerUser,
  });

  it.each([
    ["nothing set", {}, defaults],
    ["blank values", { TRUSTED_IP_HEADER: "", API_RATE_LIMIT_PER_MINUTE: "", MAX_TASKS_PER_USER: "" }, defaults],
    ["a header, lower-cased", { TRUSTED_IP_HEADER: "X-Forwarded-For" }, { ...defaults, trustedIpHeader: "x-forwarded-for" }],
    ["Vercel's header", { TRUSTED_IP_HEADER: "x-vercel-forwarded-for" }, { ...defaults, trustedIpHeader: "x-vercel-forwarded-for" }],
    ["Redis for the auth counters", { REDIS_URL: "redis://cache:6379/2" }, { ...defaults, redisUrl: "redis://cache:6379/2" }],
    ["Redis over TLS", { REDIS_URL: "rediss://:pw@cache.example:6380" }, { ...defaults, redisUrl: "rediss://:pw@cache.example:6380" }],
    ["blank REDIS_URL", { REDIS_URL: "" }, defaults],
    ["limits off", { API_RATE_LIMIT_PER_MINUTE: "0", MAX_TASKS_PER_USER: "0" }, { ...defaults, apiRateLimitPerMinute: 0, maxTasksPerUser: 0 }],
    ["small limits", { API_RATE_LIMIT_PER_MINUTE: "5", MAX_TASKS_PER_USER: "3" }, { ...defaults, apiRateLimitPerMinute: 5, maxTasksPerUser: 3 }],
  ])("%s", (_, env, expected) => {
    expect(pick(load({ BETTER_AUTH_SECRET: SECRET, ...env }))).toStrictEqual(expected);
  });

  it.each([
    ["TRUSTED_IP_HEADER", "x-forwarded-for, x-real-ip", "TRUSTED_IP_HEADER: expected one header name"],
    ["TRUSTED_IP_HEADER", "x forwarded for", "TRUSTED_IP_HEADER: expected one header name"],
    ["API_RATE_LIMIT_PER_MINUTE", "-1", "API_RATE_LIMIT_PER_MINUTE: expected a whole number"],
    ["API_RATE_LIMIT_PER_MINUTE", "1.5", "API_RATE_LIMIT_PER_MINUTE: expected a whole number"],
    ["MAX_TASKS_PER_USER", "lots", "MAX_TASKS_PER_USER: expected a whole number"],
    ["REDIS_URL", "http://cache:6379", "REDIS_URL: Invalid URL"],
    ["REDIS_URL", "cache:6379", "REDIS_URL: Invalid URL"],
  ])("refuses %s=%j", (name, value, message) => {
    expect(configError({ BETTER_AUTH_SECRET: SECRET, [name]: value }).message).toBe(`Invalid configuration: ${message}`);
  });
});

describe("the change feed's tombstones", () => {
  it.each([
    ["nothing set", {}, { days: 30, perUser: 2_000 }],
    ["blank values", { SYNC_TOMBSTONE_DAYS: "", SYNC_TOMBSTONES_PER_USER: "" }, { days: 30, perUser: 2_000 }],
    ["both set", { SYNC_TOMBSTONE_DAYS: "7", SYNC_TOMBSTONES_PER_USER: "100" }, { days: 7, perUser: 100 }],
  ])("%s", (_, env, expected) => {
    expect(load({ BETTER_AUTH_SECRET: SECRET, ...env }).syncTombstones).toStrictEqual(expected);
  });

  it.each([
    ["SYNC_TOMBSTONE_DAYS", "0", "SYNC_TOMBSTONE_DAYS: Too small: expected number to be >=1"],
    ["SYNC_TOMBSTONE_DAYS", "30d", "SYNC_TOMBSTONE_DAYS: expected a whole number"],
    ["SYNC_TOMBSTONES_PER_USER", "0", "SYNC_TOMBSTONES_PER_USER: Too small: expected number to be >=1"],
  ])("refuses %s=%j", (name, value, message) => {
    expect(configError({ BETTER_AUTH_SECRET: SECRET, [name]: value }).message).toBe(`Invalid configuration: ${message}`);
  });
});

describe("comments and history", () => {
  it.each([
    ["nothing set", {}, { maxCommentsPerTask: 1_000, historyRetentionDays: undefined }],
    ["blank values", { MAX_COMMENTS_PER_TASK: "", HISTORY_RETENTION_DAYS: "" }, { maxCommentsPerTask: 1_000, historyRetentionDays: undefined }],
    ["both set", { MAX_COMMENTS_PER_TASK: "5", HISTORY_RETENTION_DAYS: "90" }, { maxCommentsPerTask: 5, historyRetentionDays: 90 }],
  ])("%s", (_, env, expected) => {
    const { maxCommentsPerTask, historyRetentionDays } = load({ BETTER_AUTH_SECRET: SECRET, ...env });
    expect({ maxCommentsPerTask, historyRetentionDays }).toStrictEqual(expected);
  });

  it.each([
    ["MAX_COMMENTS_PER_TASK", "0", "MAX_COMMENTS_PER_TASK: Too small: expected number to be >=1"],
    ["HISTORY_RETENTION_DAYS", "0", "HISTORY_RETENTION_DAYS: Too small: expected number to be >=1"],
    ["HISTORY_RETENTION_DAYS", "90d", "HISTORY_RETENTION_DAYS: expected a whole number"],
  ])("refuses %s=%j", (name, value, message) => {
    expect(configError({ BETTER_AUTH_SECRET: SECRET, [name]: value }).message).toBe(`Invalid configuration: ${message}`);
  });
});
