import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// Every setting the server reads, validated once. README's "Configuration" table mirrors this.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  BETTER_AUTH_SECRET: z.string().optional(),
  BETTER_AUTH_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
  AUTH_RATE_LIMIT: z.enum(["on", "off"]).optional(),
});

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
};

function blankToUndefined(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    production,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    authSecret: resolveSecret(e.BETTER_AUTH_SECRET, { production, hasDatabaseUrl: !!e.DATABASE_URL, dataDir }),
    baseUrl: new URL(e.BETTER_AUTH_URL).origin,
    authRateLimit: e.AUTH_RATE_LIMIT ? e.AUTH_RATE_LIMIT === "on" : production,
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

const globalForConfig = globalThis as unknown as { tasksConfig?: Config };

export function config(): Config {
  return (globalForConfig.tasksConfig ??= loadConfig());
}
