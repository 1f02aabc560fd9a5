import { randomBytes } from "node:crypto";
import type { AppServer } from "./app-server";
import { rememberSecrets } from "./log-audit";

/** A signed-up user with both kinds of credentials: the session cookie and a JWT. */
export type TestUser = { id: string; name: string; email: string; password: string; cookie: string; jwt: string };

export type ApiResponse = { status: number; headers: Headers; text: string; body: any };

export type CallOptions = {
  /** Whose credentials, and which kind; omitted means anonymous. */
  as?: { user: TestUser; via: "cookie" | "jwt" };
  /** Serialised as JSON with Content-Type application/json. */
  json?: unknown;
  /** A raw body, sent as is (set the headers yourself). */
  body?: BodyInit;
  headers?: Record<string, string>;
};

export function uniqueEmail(name: string): string {
  return `${name.toLowerCase()}-${randomBytes(5).toString("hex")}@example.com`;
}

/** Real HTTP against the app server; cookie writes carry the app's Origin, as a browser's would. */
export async function call(server: AppServer, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.as?.via === "cookie") Object.assign(headers, { cookie: options.as.user.cookie, origin: server.url });
  if (options.as?.via === "jwt") headers.authorization = `Bearer ${options.as.user.jwt}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  Object.assign(headers, options.headers);
  for (const [k, v] of Object.entries(headers)) if (v === "") delete headers[k]; // "" removes a default
  const res = await fetch(server.url + path, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text && /json/.test(res.headers.get("content-type") ?? "")) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: parsed };
}

function sessionCookie(res: Response): string {
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const session = cookies.find((c) => c.startsWith("better-auth.session_token="));
  if (!session) throw new Error(`No session cookie in ${JSON.stringify(cookies)}`);
  return session;
}

export async function signUp(server: AppServer, name: string): Promise<TestUser> {
  const email = uniqueEmail(name);
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const res = await fetch(`${server.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ name, email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  const cookie = sessionCookie(res);
  const jwt = await fetchJwt(server, cookie);
  // None of these may ever reach the server's log: its stop() looks for them (log-audit.ts).
  const token = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  rememberSecrets(server.url, [email, password, token, token.split(".")[0]!, jwt]);
  return { id: user.id, name, email, password, cookie, jwt };
}

export async function fetchJwt(server: AppServer, cookie: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/token`, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Creates a task through the API as the given user (by JWT) and returns its JSON. */
export async function createTask(server: AppServer, user: TestUser, json: Record<string, unknown>) {
  const res = await call(server, "POST", "/api/tasks", { as: { user, via: "jwt" }, json });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.body as Record<string, any>;
}
