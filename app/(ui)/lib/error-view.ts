import { TasksApiError, TasksNetworkError, type FieldError } from "@/lib/client";

// What the page shows for a failed call, whichever part answered: the task API's problem
// ({ title, detail, errors[] }) or Better Auth's { code, message }. Components only ever
// look at `message`, `status` and `fieldErrors`.

export type FieldErrors = Record<string, string>;

export type ErrorView = {
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  message: string;
  /** Messages keyed by field name ("title", "email"...), to sit beside the fields. */
  fieldErrors: FieldErrors;
};

/** A failure of a call to the server (as opposed to a bug in the page). */
export function isApiFailure(error: unknown): error is TasksApiError | TasksNetworkError {
  return error instanceof TasksApiError || error instanceof TasksNetworkError;
}

/** A 401 from any call: the session is gone. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TasksApiError && error.status === 401;
}

const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined);

export function describeError(error: unknown, fallback = "Something went wrong. Try again."): ErrorView {
  if (error instanceof TasksNetworkError) {
    return { status: 0, message: "Could not reach the server. Check your connection and try again.", fieldErrors: {} };
  }
  if (!(error instanceof TasksApiError)) return { status: 0, message: fallback, fieldErrors: {} };
  const { problem, authError, status } = error;
  const fieldErrors = collectFieldErrors(problem?.errors ?? []);
  const message =
    nonEmpty(problem?.detail) ?? nonEmpty(problem?.title) ?? cleanAuthMessage(nonEmpty(authError?.message)) ?? fallbackMessage(status);
  const code = nonEmpty(authError?.code);
  if (code) Object.assign(fieldErrors, authFieldErrors(code, authError?.message));
  return { status, message, fieldErrors };
}

function collectFieldErrors(errors: FieldError[]): FieldErrors {
  const result: FieldErrors = {};
  for (const { path, message } of errors) {
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
  const text = cleanAuthMessage(nonEmpty(message)) ?? code;
  if (field) return { [field]: text };
  if (code.startsWith("PASSWORD_") || code === "INVALID_PASSWORD") return { password: text };
  if (code === "INVALID_EMAIL" || code.startsWith("USER_ALREADY_EXISTS")) return { email: text };
  return {};
}

// A body that says nothing (a proxy's page, an empty 502): the status in words.
function fallbackMessage(status: number): string {
  if (status === 401) return "Please sign in again.";
  if (status === 404) return "That task no longer exists.";
  if (status === 429) return "Too many attempts. Wait a moment and try again.";
  if (status >= 500) return "The server had a problem. Try again in a moment.";
  return `The request failed (HTTP ${status}).`;
}
