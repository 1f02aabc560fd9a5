import { AppError, type FieldError } from "@/lib/errors";
import { hasUnstorableCharacter, unstorablePaths } from "@/lib/text/storable";
import { MAX_BODY_BYTES, readText } from "./read-json";
import { requestWithHeaders } from "./request-with-headers";

// What every request to Better Auth passes before Better Auth sees it. Better Auth reads
// bodies whole and without a limit, and hands its values to the database as they are: a
// 50 MiB image was stored, and a NUL in a token or an image was a 500 whose log line
// carried the raw parameters. So: the body is read here up to the same limit as /api/tasks
// (413 beyond it), and a value PostgreSQL cannot store as sent, in the body, the query or
// the path, is refused with a problem (422) before any query runs.

/** sessions.user_agent keeps this much of the User-Agent header (migration 0007 enforces it). */
export const MAX_USER_AGENT_LENGTH = 512;

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json/i;

/** A copy of `req` that Better Auth may read safely, or the problem that refuses it. */
export async function guardAuthRequest(req: Request): Promise<Request> {
  const url = new URL(req.url);
  const errors = [...unstorableInPath(url.pathname), ...unstorableInQuery(url.searchParams)];
  // An empty body stays an empty body (Better Auth refuses it where it wants JSON).
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.body !== null;
  const text = hasBody ? ((await readText(req, MAX_BODY_BYTES)) ?? "") : undefined;
  if (text && JSON_TYPE.test(req.headers.get("content-type") ?? "")) {
    errors.push(...unstorableInJson(text));
  }
  if (errors.length > 0) throw new AppError("validation_failed", "One or more fields are invalid.", errors);
  return requestWithHeaders(req, boundedHeaders(req.headers), text ?? null);
}

const UNSTORABLE_MESSAGE = "Must not contain NUL or unpaired surrogates.";

function unstorableInPath(pathname: string): FieldError[] {
  return pathname.split("/").some((segment) => hasUnstorableCharacter(decoded(segment)))
    ? [{ path: "path", message: UNSTORABLE_MESSAGE }]
    : [];
}

function unstorableInQuery(params: URLSearchParams): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, value] of params) {
    if (hasUnstorableCharacter(name) || hasUnstorableCharacter(value)) {
      errors.push({ path: hasUnstorableCharacter(name) ? "query" : name, message: UNSTORABLE_MESSAGE });
    }
  }
  return errors;
}

// Malformed JSON is left to Better Auth, which answers it with its own 400.
function unstorableInJson(text: string): FieldError[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  return unstorablePaths(body).map((path) => ({ path: path === "" ? "body" : path, message: UNSTORABLE_MESSAGE }));
}

// Better Auth decodes path segments the same forgiving way: a malformed escape stays as sent.
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// Better Auth stores the User-Agent with each session: a header of up to Node's 16 KiB
// limit, per sign-in, is kept to its first MAX_USER_AGENT_LENGTH characters.
function boundedHeaders(original: Headers): Headers {
  const headers = new Headers(original);
  const userAgent = headers.get("user-agent");
  if (userAgent !== null && userAgent.length > MAX_USER_AGENT_LENGTH) headers.set("user-agent", userAgent.slice(0, MAX_USER_AGENT_LENGTH));
  return headers;
}
