import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
// Relative, not @/: next.config.ts loads this file, and its loader resolves no path aliases.
import { processSingleton } from "./singleton";

// A whole number in [min, max], written in plain digits; unset takes its default below.
const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/, "expected a whole number").transform(Number).pipe(z.number().min(min).max(max)).optional();

// An address, or a display name and an address in angle brackets; no line breaks (a header).
const MAIL_FROM_PATTERN = /^(?:[^\r\n<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

// Every setting the server reads, validated once. README's "Configuration" table mirrors this.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  BETTER_AUTH_SECRET: z.string().optional(),
  BETTER_AUTH_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  AUTH_RATE_LIMIT: z.enum(["on", "off"]).optional(),
  // off: a private instance; the accounts that exist sign in, no one makes a new one.
  SIGN_UP: z.enum(["on", "off"]).optional(),
  // A header name such as x-forwarded-for, x-real-ip or x-vercel-forwarded-for (lib/client-ip.ts).
  TRUSTED_IP_HEADER: z.string().regex(/^[A-Za-z0-9-]+$/, "expected one header name").toLowerCase().optional(),
  // Where the auth limits keep their counters when not in the database (lib/rate-limit/store.ts).
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  API_RATE_LIMIT_PER_MINUTE: whole(0, 1_000_000_000),
  MAX_TASKS_PER_USER: whole(0, 1_000_000_000),
  // Lists and sharing (lib/lists): bounds on what one account or list can grow to.
  MAX_LISTS_PER_USER: whole(1, 100_000),
  MAX_LIST_MEMBERS: whole(2, 100_000),
  INVITATION_TTL_DAYS: whole(1, 365),
  INVITATION_RATE_LIMIT_PER_HOUR: whole(1, 1_000_000),
  // Tags (lib/tags): how many one list may have.
  MAX_TAGS_PER_LIST: whole(1, 100_000),
  // How long, and how many, deleted tasks' tombstones the change feed keeps (lib/tasks/tombstones.ts).
  SYNC_TOMBSTONE_DAYS: whole(1, 36_500),
  SYNC_TOMBSTONES_PER_USER: whole(1, 1_000_000),
  // Comments and history (lib/comments, lib/history): a bound per task, and how long history is kept.
  MAX_COMMENTS_PER_TASK: whole(1, 100_000),
  HISTORY_RETENTION_DAYS: whole(1, 36_500),
  DB_POOL_MAX: whole(1, 1_000),
  DB_CONNECT_TIMEOUT_MS: whole(100, 600_000),
  DB_STATEMENT_TIMEOUT_MS: whole(100, 3_600_000),
  DB_QUEUE_MAX: whole(0, 100_000),
  DB_QUEUE_TIMEOUT_MS: whole(1, 600_000),
  // Logs and metrics (lib/observability), read through observabilityConfig().
  LOG_LEVEL: z.string().toLowerCase().pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])).optional(),
  SLOW_QUERY_MS: whole(0, 3_600_000),
  // Sent by the scraper as a Bearer token (token68 characters, so any header can carry it).
  // Mail (lib/mail): an SMTP server to send through and the From address, both or neither.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "expected smtp://user:pass@host:587 or smtps://user:pass@host:465" }).optional(),
  MAIL_FROM: z
    .string()
    .max(255)
    .regex(MAIL_FROM_PATTERN, 'expected an address, or a name and an address: "Tasks <tasks@example.com>"')
    .optional(),
  // Attachments (lib/attachments): their bounds, and an S3-compatible store instead of PostgreSQL.
  ATTACHMENT_MAX_BYTES: whole(1, 5 * 1024 ** 3),
  ATTACHMENT_QUOTA_BYTES: whole(0, Number.MAX_SAFE_INTEGER),
  ATTACHMENTS_PER_TASK: whole(1, 100_000),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected an S3 bucket name").optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,64}$/, "expected a region name such as us-east-1").optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  METRICS_TOKEN: z
    .string()
    .min(16, "use at least 16 characters (openssl rand -hex 32)")
    .regex(/^[A-Za-z0-9._~+/-]+=*$/, "use letters, digits and -._~+/ only (openssl rand -hex 32)")
    .optional(),
});

/**
 * Bounds on every wait for PostgreSQL (db/client.ts). Each request either gets its answer
 * within them or a 503 with Retry-After: no request hangs on a database that is down,
 * unreachable or overloaded.
 */
export type DatabaseLimits = {
  /** Connections in the pool, and queries or transactions running at once. */
  poolMax: number;
  /** Opening one connection (TCP, TLS, startup, authentication); also a request's wait for the first-use migrations. */
  connectTimeoutMs: number;
  /** One statement, and a transaction left idle (statement_timeout, idle_in_transaction_session_timeout). */
  statementTimeoutMs: number;
  /** Queries waiting for a connection when all are busy; beyond that: 503 at once. */
  queueMax: number;
  /** How long a query waits for a connection before a 503. */
  queueTimeoutMs: number;
};

export const DATABASE_LIMITS: DatabaseLimits = {
  poolMax: 15,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 10_000,
  queueMax: 100,
  queueTimeoutMs: 2_000,
};

/**
 * The change feed's tombstones (lib/tasks/tombstones.ts): one may go once it is older than
 * `days`, and the oldest go whenever a user has more than `perUser`. A sync token older
 * than what went is answered "sync again from scratch".
 */
export type TombstoneLimits = { days: number; perUser: number };

export const TOMBSTONE_LIMITS: TombstoneLimits = { days: 30, perUser: 2_000 };

/** Lists and sharing (lib/lists): see README, "Lists and sharing". */
export type ListLimits = {
  /** Lists one account may own, its Inbox included. */
  maxPerUser: number;
  /** Members and pending invitations of one list together, the owner included. */
  maxMembers: number;
  invitationTtlDays: number;
  /** Invitations one account may send per hour, over all lists. */
  invitationsPerHour: number;
};

export const LIST_LIMITS: ListLimits = { maxPerUser: 200, maxMembers: 100, invitationTtlDays: 7, invitationsPerHour: 30 };

/** Attachments (lib/attachments): see README, "Attachments". */
export type AttachmentLimits = {
  /** The largest file one upload may bring. */
  maxBytes: number;
  /** The bytes of attachments one list owner's lists may hold together; 0: no quota. */
  quotaBytes: number;
  /** Attachments one task may have. */
  perTask: number;
};

export const ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 ** 2, quotaBytes: 1024 ** 3, perTask: 100 };

/** An S3-compatible bucket for the attachments' bytes (S3_*); undefined: they stay in PostgreSQL. */
export type S3Config = {
  bucket: string;
  /** undefined: AWS's own endpoint for the region. */
  endpoint: string | undefined;
  region: string;
  /** undefined: the AWS SDK's default credential chain (AWS_* variables, an instance role...). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
};

function s3Config(e: {
  S3_BUCKET?: string | undefined;
  S3_ENDPOINT?: string | undefined;
  S3_REGION?: string | undefined;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  S3_FORCE_PATH_STYLE?: "true" | "false" | undefined;
}): S3Config | undefined {
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = e;
  if (bucket === undefined) {
    const stray = (["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE"] as const).filter((k) => e[k] !== undefined);
    if (stray.length > 0) throw new ConfigError(`${stray.join(", ")} set without S3_BUCKET: set S3_BUCKET to store attachments in S3, or unset them.`);
    return undefined;
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS SDK's default credentials).");
  }
  return {
    bucket,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION ?? "us-east-1",
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === "true",
  };
}
export const MAX_TAGS_PER_LIST_DEFAULT = 500;

export const MIN_SECRET_LENGTH = 32;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export type Config = {
  production: boolean;
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  baseUrl: string;
  authRateLimit: boolean;
  /** Whether anyone may create an account (SIGN_UP); false: sign-up answers 400. */
  signUp: boolean;
  /** The header that carries the client's IP, set by a proxy the deployment trusts; undefined: none. */
  trustedIpHeader: string | undefined;
  /** Redis for the auth limits' counters; undefined: the rate_limits table. */
  redisUrl: string | undefined;
  /** Requests per user per minute on /api/tasks, per instance; 0: no limit. */
  apiRateLimitPerMinute: number;
  /** Tasks one user may have; 0: no cap. */
  maxTasksPerUser: number;
  /** What deleted tasks leave for the change feed, and how long it is kept. */
  syncTombstones: TombstoneLimits;
  lists: ListLimits;
  /** Comments one task may have (MAX_COMMENTS_PER_TASK). */
  maxCommentsPerTask: number;
  /** History older than this many days is purged (HISTORY_RETENTION_DAYS); undefined: kept forever. */
  historyRetentionDays: number | undefined;
  /** Tags one list may have (MAX_TAGS_PER_LIST). */
  maxTagsPerList: number;
  database: DatabaseLimits;
  /** Where mail goes (SMTP_URL and MAIL_FROM); undefined: links are written to the log (lib/mail). */
  mail: MailConfig | undefined;
  attachments: AttachmentLimits;
  /** Where attachments' bytes go when not in PostgreSQL. */
  s3: S3Config | undefined;
};

/** An SMTP server to send the app's mail through, and the From it is sent as. */
export type MailConfig = { smtpUrl: string; from: string };

function mailConfig(smtpUrl: string | undefined, from: string | undefined): MailConfig | undefined {
  if (smtpUrl === undefined && from === undefined) return undefined;
  if (smtpUrl === undefined || from === undefined) {
    throw new ConfigError(
      `${smtpUrl === undefined ? "MAIL_FROM is set but SMTP_URL is not" : "SMTP_URL is set but MAIL_FROM is not"}: ` +
        "set both to send mail over SMTP, or neither to write the links to the log (development).",
    );
  }
  return { smtpUrl, from };
}

function blankToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}

function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const parsed = schema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = parseEnv(envSchema, env);
  const production = e.NODE_ENV === "production";
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    production,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    authSecret: resolveSecret(e.BETTER_AUTH_SECRET, { production, hasDatabaseUrl: !!e.DATABASE_URL, dataDir }),
    baseUrl: new URL(e.BETTER_AUTH_URL).origin,
    // On unless turned off, in development too: `next dev` behaves like production, and the
    // test servers turn it off explicitly.
    authRateLimit: e.AUTH_RATE_LIMIT !== "off",
    signUp: e.SIGN_UP !== "off",
    trustedIpHeader: e.TRUSTED_IP_HEADER,
    redisUrl: e.REDIS_URL,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE ?? 600,
    maxTasksPerUser: e.MAX_TASKS_PER_USER ?? 10_000,
    syncTombstones: {
      days: e.SYNC_TOMBSTONE_DAYS ?? TOMBSTONE_LIMITS.days,
      perUser: e.SYNC_TOMBSTONES_PER_USER ?? TOMBSTONE_LIMITS.perUser,
    },
    lists: {
      maxPerUser: e.MAX_LISTS_PER_USER ?? LIST_LIMITS.maxPerUser,
      maxMembers: e.MAX_LIST_MEMBERS ?? LIST_LIMITS.maxMembers,
      invitationTtlDays: e.INVITATION_TTL_DAYS ?? LIST_LIMITS.invitationTtlDays,
      invitationsPerHour: e.INVITATION_RATE_LIMIT_PER_HOUR ?? LIST_LIMITS.invitationsPerHour,
    },
    maxCommentsPerTask: e.MAX_COMMENTS_PER_TASK ?? 1_000,
    historyRetentionDays: e.HISTORY_RETENTION_DAYS,
    maxTagsPerList: e.MAX_TAGS_PER_LIST ?? MAX_TAGS_PER_LIST_DEFAULT,
    database: {
      poolMax: e.DB_POOL_MAX ?? DATABASE_LIMITS.poolMax,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS ?? DATABASE_LIMITS.connectTimeoutMs,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? DATABASE_LIMITS.statementTimeoutMs,
      queueMax: e.DB_QUEUE_MAX ?? DATABASE_LIMITS.queueMax,
      queueTimeoutMs: e.DB_QUEUE_TIMEOUT_MS ?? DATABASE_LIMITS.queueTimeoutMs,
    },
    mail: mailConfig(e.SMTP_URL, e.MAIL_FROM),
    attachments: {
      maxBytes: e.ATTACHMENT_MAX_BYTES ?? ATTACHMENT_LIMITS.maxBytes,
      quotaBytes: e.ATTACHMENT_QUOTA_BYTES ?? ATTACHMENT_LIMITS.quotaBytes,
      perTask: e.ATTACHMENTS_PER_TASK ?? ATTACHMENT_LIMITS.perTask,
    },
    s3: s3Config(e),
  };
}

function resolveSecret(
  given: string | undefined,
  where: { production: boolean; hasDatabaseUrl: boolean; dataDir: string },
): string {
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        `BETTER_AUTH_SECRET is too short: use at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 32).`,
      );
    }
    return given;
  }
  // A real deployment must bring its own secret: it encrypts the JWT signing keys and
  // signs session cookies, so one made up here would change with every fresh instance.
  if (where.production && where.hasDatabaseUrl) {
    throw new ConfigError(
      "BETTER_AUTH_SECRET is not set: production with DATABASE_URL needs a secret of at least " +
        `${MIN_SECRET_LENGTH} characters (openssl rand -base64 32).`,
    );
  }
  return localSecret(where.dataDir);
}

// The embedded database keeps its secret beside it, so sessions and JWT keys survive restarts.
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole to a private temporary file, then linked into place: a second process
    // (next dev runs two) never reads a half-written file, and exactly one secret wins.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    writeFileSync(draft, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
    try {
      linkSync(draft, file);
      console.info(`[tasks] BETTER_AUTH_SECRET is not set: generated one and saved it in ${file}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${file} does not hold a usable secret: delete it to generate a new one, or set BETTER_AUTH_SECRET.`);
  }
  return secret;
}

export function config(): Config {
  return processSingleton("config", () => loadConfig());
}

export type LogLevel = NonNullable<z.output<typeof envSchema>["LOG_LEVEL"]>;

/** LOG_LEVEL, SLOW_QUERY_MS and METRICS_TOKEN (validated with the rest by loadConfig at start). */
export type ObservabilityConfig = {
  logLevel: LogLevel;
  /** Statements that take at least this long are logged; 0: every statement. */
  slowQueryMs: number;
  /** The Bearer token /api/metrics asks for; undefined: /api/metrics is 404. */
  metricsToken: string | undefined;
};

const observabilitySchema = envSchema.pick({ LOG_LEVEL: true, SLOW_QUERY_MS: true, METRICS_TOKEN: true });

export function loadObservabilityConfig(env: Record<string, string | undefined> = process.env): ObservabilityConfig {
  const e = parseEnv(observabilitySchema, env);
  return { logLevel: e.LOG_LEVEL ?? "info", slowQueryMs: e.SLOW_QUERY_MS ?? 100, metricsToken: e.METRICS_TOKEN };
}

/**
 * The logger and the query timer read only these, never config(): they run on paths (unit
 * tests, the database wrapper) that must not need a secret, nor create one in DATA_DIR.
 */
export function observabilityConfig(): ObservabilityConfig {
  return processSingleton("observability-config", () => loadObservabilityConfig());
}
