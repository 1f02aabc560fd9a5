import { createLocalJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { auth, JWT_LIFETIME_SECONDS } from "@/lib/auth";
import { config } from "@/lib/config";

// The public keys come from Better Auth in-process (no HTTP round trip) and are cached.
// An unknown `kid` reloads them (key rotation), at most once per RELOAD_INTERVAL_MS so
// that tokens with made-up kids cannot turn every request into a key read.
const RELOAD_INTERVAL_MS = 30_000;
const CLOCK_TOLERANCE_SECONDS = 5;

type KeyCache = { keys: JWTVerifyGetKey; loadedAt: number };
const globalForKeys = globalThis as unknown as { tasksJwks?: Promise<KeyCache> };

async function loadKeys(): Promise<KeyCache> {
  const { keys } = await auth().api.getJwks();
  return { keys: createLocalJWKSet({ keys }), loadedAt: Date.now() };
}

function cachedKeys(): Promise<KeyCache> {
  const cached = (globalForKeys.tasksJwks ??= loadKeys());
  cached.catch(() => {
    if (globalForKeys.tasksJwks === cached) delete globalForKeys.tasksJwks;
  });
  return cached;
}

async function verifyWith(token: string, keys: JWTVerifyGetKey) {
  const { baseUrl } = config();
  const { payload } = await jwtVerify(token, keys, {
    algorithms: ["EdDSA"],
    issuer: baseUrl,
    audience: baseUrl,
    requiredClaims: ["exp", "iat", "sub", "iss", "aud"],
    maxTokenAge: JWT_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });
  return payload;
}

/** The user id (`sub`) of a valid JWT issued by this server, or null for any bad token. */
export async function verifyAccessToken(token: string): Promise<string | null> {
  try {
    let cache = await cachedKeys();
    let payload;
    try {
      payload = await verifyWith(token, cache.keys);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - cache.loadedAt < RELOAD_INTERVAL_MS) throw error;
      delete globalForKeys.tasksJwks;
      cache = await cachedKeys();
      payload = await verifyWith(token, cache.keys);
    }
    const sub = payload.sub;
    return typeof sub === "string" && sub.length > 0 && sub.length <= 255 ? sub : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error; // the key store failing is not the client's fault
  }
}
