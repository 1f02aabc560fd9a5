import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { symmetricEncrypt } from "better-auth/crypto";
import { exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { jwks } from "@/db/schema";
import { logViolations, takeSecrets } from "./log-audit";
import { createTestDatabase, type TestDatabase } from "./test-database";

/** A fixed secret for test servers only: tokens from one test server mean nothing elsewhere. */
export const TEST_AUTH_SECRET = "test-secret-for-the-test-suite-only-0123456789";

/** The server's JWT signing key, known to the tests so that they can forge tokens. */
export type SigningKey = { kid: string; privateKey: CryptoKey };

export type AppServer = {
  url: string;
  db: TestDatabase;
  signingKey: SigningKey;
  /** The `next start` process: its pid, its output streams, its exit (reliability tests signal it). */
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far (its log). */
  output(): string;
  /** Stops it, then audits its log (AppServerOptions.logAudit): an audit that fails throws. */
  stop(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The production build (`next start`) on a free port with a clean database of its own:
 * real HTTP against the real app. Needs `npm run build` first.
 */
export type AppServerOptions = {
  port?: number;
  env?: Record<string, string>;
  /** The route polled until it answers 200; a server without a database is not "ready". */
  readyPath?: string;
  /**
   * Start on an empty database, as a newcomer does: no migrations applied beforehand and no
   * signing key seeded (the server then has none to give the tests). Poll a readyPath that
   * touches no database, or the poll is the first request.
   */
  fresh?: boolean;
  /**
   * Run the README's start command, `npm start`, with PORT set, rather than `next start`
   * itself: `child` is then npm, and signals go to npm, as a supervisor's would.
   */
  viaNpmStart?: boolean;
  /**
   * Run on this database, as it is (migrated, with its keys), instead of a clean one, and
   * leave it behind on stop: a second server on the first one's data (a restart, a new
   * secret). The signing key is then the earlier server's, passed in `signingKey`.
   */
  database?: { db: TestDatabase; signingKey: SigningKey };
  /**
   * On stop, every line the server wrote after Next's banner must be the logger's JSON and
   * hold none of the credentials of the users api-client's signUp made on it (log-audit.ts);
   * stop() throws otherwise. false only for a server that is made to print something else
   * (say why where you pass it).
   */
  logAudit?: boolean;
};

export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  if (!existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the integration and e2e tests.");
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const db = options.database?.db ?? (await createTestDatabase());
  const seeded = options.database?.signingKey ?? (options.fresh ? undefined : await seedSigningKey(db));
  // Vitest sets TEST=true, which test runners' children must not inherit: the server under
  // test is a production server.
  const { TEST: _test, VITEST: _vitest, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: "production",
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.databaseUrl ?? "",
    BETTER_AUTH_URL: url,
    BETTER_AUTH_SECRET: TEST_AUTH_SECRET,
    AUTH_RATE_LIMIT: "off",
    // The suites make hundreds of requests per user per minute; the limit has its own tests.
    API_RATE_LIMIT_PER_MINUTE: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  const [command, args] = options.viaNpmStart
    ? ["npm", ["start", "--silent"]]
    : [process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a test that fails can still end npm and what it started.
    detached: options.viaNpmStart,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  if (process.env.TEST_SERVER_LOG) {
    child.stdout!.pipe(process.stdout);
    child.stderr!.pipe(process.stderr);
  }

  const shutDown = async () => {
    await stopChild(child);
    await streamsClosed(child);
    if (!options.database) await db.drop();
  };
  const stop = async () => {
    await shutDown();
    const secrets = takeSecrets(url);
    if (options.logAudit === false) return;
    const violations = logViolations(output, secrets);
    if (violations.length > 0) {
      throw new Error(`The log of the server at ${url} breaks the rules (tests/support/log-audit.ts):\n${violations.slice(0, 20).join("\n")}`);
    }
  };
  try {
    await waitForReady(`${url}${options.readyPath ?? "/api/health"}`, child, () => output);
  } catch (error) {
    await shutDown();
    throw error;
  }
  return {
    url,
    db,
    output: () => output,
    get signingKey(): SigningKey {
      if (!seeded) throw new Error("A fresh server has no signing key known to the tests.");
      return seeded;
    },
    child,
    stop,
  };
}

// Migrates the fresh database and stores a signing key the way Better Auth's JWT plugin
// does (private key encrypted with the secret), before the server starts. The server then
// signs its tokens with this key, and tests can sign tokens with it too: expired ones,
// ones for another audience, ones without `exp`...
async function seedSigningKey(db: TestDatabase): Promise<SigningKey> {
  const handle = openDatabase(db);
  try {
    await migrateDatabase(handle, db);
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const kid = `test-${Math.random().toString(36).slice(2)}`;
    const encrypted = await symmetricEncrypt({ key: TEST_AUTH_SECRET, data: JSON.stringify(await exportJWK(privateKey)) });
    await handle.db.insert(jwks).values({
      id: kid,
      publicKey: JSON.stringify(await exportJWK(publicKey)),
      privateKey: JSON.stringify(encrypted),
      alg: "EdDSA",
      crv: "Ed25519",
    });
    return { kid, privateKey };
  } finally {
    await handle.close();
  }
}

/** Polls `url` every `pollMs` until it answers 2xx; bench/servers.ts times the app's start with it. */
export async function waitForReady(url: string, child: ChildProcess, output: () => string, pollMs = 100): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app server exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`The app server did not become healthy within 60 s:\n${output()}`);
}

// The log is complete once stdout and stderr have ended, which can be after the exit.
async function streamsClosed(child: ChildProcess): Promise<void> {
  const ended = [child.stdout, child.stderr].every((stream) => !stream || stream.readableEnded || stream.destroyed);
  if (ended) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2_000);
    child.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
  // `npm start` runs in a process group of its own: whatever it left behind (a server it
  // failed to stop, the very thing the shutdown test looks for) goes with the group.
  if (child.spawnargs[0] === "npm") {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // the group is empty: nothing was left behind
    }
  }
}
