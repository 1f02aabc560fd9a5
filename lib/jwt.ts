import { createLocalJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { auth } from "@/lib/auth";
import { config } from "@/lib/config";
import { accessTokenRules } from "@/lib/jwt-rules";
import { processSingleton, resetProcessSingleton } from "@/lib/singleton";

// The public keys come from Better Auth in-process (no HTTP round trip) and are cached.
// An unknown `kid` reloads them (key rotation), at most once per RELOAD_INTERVAL_MS so
// that tokens with made-up kids cannot turn every request into a key read. They are read
// again at least every KEYS_MAX_AGE_MS too: a key that leaves the set (retired after a
// change of BETTER_AUTH_SECRET, past its grace period) stops verifying within a minute,
// not at the next restart.
const RELOAD_INTERVAL_MS = 30_000;
const KEYS_MAX_AGE_MS = 60_000;

type KeyCache = { keys: JWTVerifyGetKey; loadedAt: number };
type KeyLoad = { loading: Promise<KeyCache>; startedAt: number };

async function loadKeys(): Promise<KeyCache> {
  const { keys } = await auth().api.getJwks();
  return { keys: createLocalJWKSet({ keys }), loadedAt: Date.now() };
}

function cachedKeys(): Promise<KeyCache> {
  const load = processSingleton<KeyLoad>("jwks", () => ({ loading: loadKeys(), startedAt: Date.now() }), {
    fits: (current) => Date.now() - current.startedAt <= KEYS_MAX_AGE_MS,
  });
  // A failed read is not kept: the next request tries again.
  load.loading.catch(() => resetProcessSingleton("jwks", load));
  return load.loading;
}

async function verifyWith(token: string, keys: JWTVerifyGetKey) {
  const { payload } = await jwtVerify(token, keys, accessTokenRules(config().baseUrl));
  return payload;
}

// Verified tokens, remembered until they expire: a client sends the same JWT for up to 15
// minutes, and an Ed25519 verification (plus jose's parsing) was the largest single cost of
// a JWT read in the profile. A hit is exactly as good as a fresh check: the token string
// is the signed bytes, and its own `exp` is checked again on every hit. Bounded: past
// VERIFIED_MAX entries the oldest go first (a Map iterates in insertion order). Never a
// failure: a bad token is checked afresh each time and never fills the cache.
const VERIFIED_MAX = 10_000;
type Verified = { sub: string; expiresAtMs: number };
const verified = processSingleton("verified-jwts", () => new Map<string, Verified>());

function remembered(token: string): string | undefined {
  const hit = verified.get(token);
  if (!hit) return undefined;
  if (Date.now() < hit.expiresAtMs) return hit.sub;
  verified.delete(token);
  return undefined;
}

function remember(token: string, sub: string, exp: number): void {
  if (verified.size >= VERIFIED_MAX) {
    for (const [oldest] of verified) {
      verified.delete(oldest);
      if (verified.size < VERIFIED_MAX * 0.9) break;
    }
  }
  // jose accepts a few seconds past exp (its clock tolerance); the cache does not.
  verified.set(token, { sub, expiresAtMs: exp * 1000 });
}

/** Forgets every verified token (tests; a key removed from the key set). */
export function forgetVerifiedTokens(): void {
  verified.clear();
}

/** The user id (`sub`) of a valid JWT issued by this server, or null for any bad token. */
export async function verifyAccessToken(token: string): Promise<string | null> {
  const known = remembered(token);
  if (known !== undefined) return known;
  try {
    let cache = await cachedKeys();
    let payload;
    try {
      payload = await verifyWith(token, cache.keys);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - cache.loadedAt < RELOAD_INTERVAL_MS) throw error;
      resetProcessSingleton("jwks");
      cache = await cachedKeys();
      payload = await verifyWith(token, cache.keys);
    }
    const sub = payload.sub;
    if (typeof sub !== "string" || sub.length === 0 || sub.length > 255) return null;
    remember(token, sub, payload.exp!); // requiredClaims: exp is there
    return sub;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error; // the key store failing is not the client's fault
  }
}
