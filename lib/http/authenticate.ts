import { config } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { verifyAccessToken } from "@/lib/jwt";
import { sessionUserId } from "./session-cookie";

export type Caller = { id: string; via: "bearer" | "cookie" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is calling: a Bearer JWT when an Authorization header is present (cookies are then
 * ignored), the Better Auth session cookie otherwise. Throws 401, or 403 for a cookie
 * request that changes state from another origin (cookies are ambient credentials;
 * Better Auth's own origin check covers only /api/auth).
 */
export async function authenticate(req: Request): Promise<Caller> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer +([A-Za-z0-9\-_.]+)\s*$/i.exec(authorization);
    const userId = match ? await verifyAccessToken(match[1]!) : null;
    if (!userId) throw new AppError("unauthorized", "The bearer token is missing, malformed, expired or not ours.");
    return { id: userId, via: "bearer" };
  }
  const userId = await sessionUserId(req.headers);
  if (!userId) throw new AppError("unauthorized", "Sign in, or send Authorization: Bearer <JWT>.");
  if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req)) {
    throw new AppError("cross_origin", "Cookie-authenticated changes must come from this app's own pages.");
  }
  return { id: userId, via: "cookie" };
}

function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin !== null) return origin === config().baseUrl;
  return req.headers.get("sec-fetch-site") === "same-origin";
}
