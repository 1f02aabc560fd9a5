import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { database } from "@/db/client";
import { sessions } from "@/db/schema";
import { auth } from "@/lib/auth";
import { processSingleton } from "@/lib/singleton";

// The session cookie, checked the way Better Auth's getSession checks it, in one indexed
// query instead of its endpoint machinery and two queries (session, then user): in the
// profile a cookie read cost twice a JWT read. No cache and no revocation window: the
// session row is read on every request, so a signed-out or revoked session (its row
// deleted, or its user's, by cascade) is refused at once, exactly as by Better Auth.
//
// Better Auth keeps the last word wherever it would do more than answer: a session that
// is due for its daily extension (updateAge), an expired one (it deletes the row), and a
// Cookie header naming the session cookie twice (its parser picks one; ours will not guess).

type CookieSettings = { name: string; secret: string; expiresInMs: number; updateAgeMs: number };

// Better Auth's own values: the cookie's name (__Secure- prefixed behind https), the
// secret that signs it, and the session's lifetime and refresh age.
function settings(): Promise<CookieSettings> {
  return processSingleton("session-cookie", () =>
    auth().$context.then((ctx) => ({
      name: ctx.authCookies.sessionToken.name,
      secret: ctx.secret,
      expiresInMs: ctx.sessionConfig.expiresIn * 1000,
      updateAgeMs: ctx.sessionConfig.updateAge * 1000,
    })),
  );
}

const AMBIGUOUS = Symbol("ambiguous");

/** The raw value of cookie `name` in a Cookie header; AMBIGUOUS when it is there twice. */
export function cookieValue(header: string, name: string): string | undefined | typeof AMBIGUOUS {
  let found: string | undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    if (found !== undefined) return AMBIGUOUS;
    found = pair.slice(eq + 1).trim();
  }
  return found;
}

// better-call's signed cookie: encodeURIComponent(`${value}.${base64(HMAC-SHA256(secret, value))}`).
const SIGNATURE_LENGTH = 44;

/** The token of a correctly signed cookie value, or null for anything else. */
export function verifiedToken(raw: string, secret: string): string | null {
  let value = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  try {
    value = decodeURIComponent(value);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (signature.length !== SIGNATURE_LENGTH || !signature.endsWith("=")) return null;
  const given = Buffer.from(signature, "base64");
  const expected = createHmac("sha256", secret).update(token).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? token : null;
}

/** The id of the user whose session cookie this request carries, or null: no valid session. */
export async function sessionUserId(headers: Headers): Promise<string | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  const s = await settings();
  const raw = cookieValue(cookie, s.name);
  if (raw === undefined) return null;
  if (raw === AMBIGUOUS) return betterAuthSession(headers);
  const token = verifiedToken(raw, s.secret);
  if (!token) return null;
  const db = await database();
  const [session] = await db
    .select({ userId: sessions.userId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.token, token))
    .limit(1);
  if (!session) return null;
  const expiresAt = session.expiresAt.getTime();
  const now = Date.now();
  const refreshDue = expiresAt - s.expiresInMs + s.updateAgeMs <= now;
  if (expiresAt > now && !refreshDue) return session.userId;
  return betterAuthSession(headers);
}

async function betterAuthSession(headers: Headers): Promise<string | null> {
  const session = await auth().api.getSession({ headers });
  return session?.user.id ?? null;
}
