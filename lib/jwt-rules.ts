import type { JWTVerifyOptions } from "jose";

// What makes a JWT ours, in one place: the issuing side (lib/auth.ts), the verifier
// (lib/jwt.ts) and the benchmark's reference server all hold tokens to these rules.

/** How long a JWT from GET /api/auth/token lives; the verifier pins the same bound. */
export const JWT_LIFETIME_SECONDS = 15 * 60;
const CLOCK_TOLERANCE_SECONDS = 5;

/** jose's options for this app's tokens: EdDSA only, our iss/aud, every claim required, age bounded. */
export function accessTokenRules(baseUrl: string): JWTVerifyOptions {
  return {
    algorithms: ["EdDSA"],
    issuer: baseUrl,
    audience: baseUrl,
    requiredClaims: ["exp", "iat", "sub", "iss", "aud"],
    maxTokenAge: JWT_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
}
