import { call, type ApiResponse, type TestUser } from "./api-client";
import type { AppServer } from "./app-server";
import { rememberSecrets } from "./log-audit";

// What the mail tests share: reading the session's user, following a mail's link the way a
// browser would (one hop, the cookie it sets kept), and the log lines of unsent mail.

export const MAIL_FROM = "Tasks <tasks@example.test>";

/** GET /api/auth/get-session with a cookie: the user as the API sees it, or null. */
export async function sessionUser(server: AppServer, cookie: string): Promise<Record<string, any> | null> {
  const res = await call(server, "GET", "/api/auth/get-session", { headers: { cookie } });
  if (res.status !== 200) throw new Error(`get-session: ${res.status} ${res.text}`);
  return (res.body as { user?: Record<string, any> } | null)?.user ?? null;
}

/** A GET of a link from a mail: its status, where it redirects (path and query) and the session cookie it sets. */
export async function follow(server: AppServer, link: URL | string, cookie?: string) {
  const url = new URL(link);
  const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
  const location = res.headers.get("location");
  const target = location ? new URL(location, server.url) : null;
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("better-auth.session_token=") && c.length > "better-auth.session_token=".length);
  if (session) rememberSecrets(server.url, [decodeURIComponent(session.slice(session.indexOf("=") + 1))]);
  return {
    status: res.status,
    location: target && target.origin === server.url ? target.pathname + target.search : location,
    cookie: session,
    text: await res.text(),
  };
}

/** The links the server logged instead of mailing them (no SMTP_URL), oldest first. */
export function loggedLinks(server: AppServer, kind: "verification" | "password-reset"): string[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { mail?: string; link?: string })
    .filter((entry) => entry.mail === kind && typeof entry.link === "string")
    .map((entry) => entry.link!);
}

/** Waits for the server to log its `count`-th link of this kind. */
export async function waitForLoggedLink(server: AppServer, kind: "verification" | "password-reset", count = 1): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const links = loggedLinks(server, kind);
    if (links.length >= count) return links[count - 1]!;
    if (Date.now() > deadline) throw new Error(`No ${kind} link in the log`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function requestReset(server: AppServer, email: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return call(server, "POST", "/api/auth/request-password-reset", {
    json: { email, redirectTo: "/reset-password", ...extra },
    headers: { origin: server.url, ...headers },
  });
}

export function resendVerification(server: AppServer, email: string, options: { user?: TestUser; json?: Record<string, unknown>; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
  return call(server, "POST", "/api/auth/send-verification-email", {
    json: { email, ...options.json },
    headers: { origin: server.url, ...(options.user ? { cookie: options.user.cookie } : {}), ...options.headers },
  });
}
