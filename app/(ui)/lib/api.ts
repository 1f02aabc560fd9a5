// The one way the UI talks to the server: same-origin JSON over fetch, and one error type
// for every failed call, whichever part answered. The task API speaks
// application/problem+json ({title, detail, errors[]}); Better Auth speaks {code, message}.
// Components only ever look at `message`, `status` and `fieldErrors`.

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Messages keyed by field name ("title", "email"...). */
    readonly fieldErrors: FieldErrors = {},
    /** Better Auth's machine-readable code, when there is one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

type ProblemJson = { title?: unknown; detail?: unknown; errors?: unknown };
type AuthErrorJson = { code?: unknown; message?: unknown };

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** Builds an ApiError from a failed response, whatever its body looks like. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: ProblemJson & AuthErrorJson = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === "object") body = parsed as ProblemJson & AuthErrorJson;
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): fall back to the status text.
  }
  const fieldErrors = collectFieldErrors(body.errors);
  const code = str(body.code);
  const message =
    str(body.detail) ?? str(body.title) ?? cleanAuthMessage(str(body.message)) ?? fallbackMessage(res.status);
  if (code) Object.assign(fieldErrors, authFieldErrors(code, str(body.message)));
  return new ApiError(res.status, message, fieldErrors, code);
}

export function networkError(): ApiError {
  return new ApiError(0, "Could not reach the server. Check your connection and try again.");
}

function collectFieldErrors(errors: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!Array.isArray(errors)) return result;
  for (const entry of errors) {
    const path = str((entry as { path?: unknown })?.path) ?? "";
    const message = str((entry as { message?: unknown })?.message);
    if (!message) continue;
    // Several rules can fail on one field: show them all, in the server's order.
    result[path] = result[path] ? `${result[path]} ${message}` : message;
  }
  return result;
}

// Better Auth prefixes schema errors with the offending path: "[body.email] Invalid email address".
const AUTH_PATH_PREFIX = /^\[body\.(\w+)\]\s*/;

function cleanAuthMessage(message: string | undefined): string | undefined {
  return message?.replace(AUTH_PATH_PREFIX, "");
}

/** Which sign-in/sign-up field a Better Auth error is about, so it can sit beside it. */
function authFieldErrors(code: string, message: string | undefined): FieldErrors {
  const field = message ? AUTH_PATH_PREFIX.exec(message)?.[1] : undefined;
  const text = cleanAuthMessage(message) ?? code;
  if (field) return { [field]: text };
  if (code.startsWith("PASSWORD_") || code === "INVALID_PASSWORD") return { password: text };
  if (code === "INVALID_EMAIL" || code.startsWith("USER_ALREADY_EXISTS")) return { email: text };
  return {};
}

function fallbackMessage(status: number): string {
  if (status === 401) return "Please sign in again.";
  if (status === 404) return "That task no longer exists.";
  if (status === 429) return "Too many attempts. Wait a moment and try again.";
  if (status >= 500) return "The server had a problem. Try again in a moment.";
  return `The request failed (HTTP ${status}).`;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A same-origin JSON request. The session cookie goes along by default, and the browser
 * adds the Origin header that the API requires for cookie-authenticated writes.
 * Resolves to the parsed body (undefined for 204), or throws ApiError.
 */
export async function requestJson<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      cache: "no-store",
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    // An abort is the caller's own doing: let it through untouched so it can be ignored.
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, "The server sent a response this page cannot read.");
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
