import type { AuthError, Problem, ProblemName } from "./schemas";

// What a failed call throws. The task API answers application/problem+json (`problem`);
// Better Auth's own /api/auth answers { code, message } (`authError`). Either way the
// status and the response are there, and on a 412 the task's current ETag.

const PROBLEM_PREFIX = "urn:tasks:problem:";

export class TasksApiError extends Error {
  readonly status: number;
  /** The task API's problem body (also /api/auth's 503). */
  readonly problem: Problem | undefined;
  /** Better Auth's error body. */
  readonly authError: AuthError | undefined;
  /** The ETag the response carried: on a 412, the version the task is at now. */
  readonly etag: string | null;

  constructor(
    readonly response: Response,
    body: unknown,
  ) {
    const problem = isProblemResponse(response, body) ? body : undefined;
    const authError = !problem && isAuthError(body) ? body : undefined;
    super(problem?.detail ?? problem?.title ?? authError?.message ?? `HTTP ${response.status}`);
    this.name = "TasksApiError";
    this.status = response.status;
    this.problem = problem;
    this.authError = authError;
    this.etag = response.headers.get("etag");
  }

  /** Whether this is the problem `urn:tasks:problem:<name>`: `error.is("precondition-failed")`. */
  is(name: ProblemName): boolean {
    return this.problem?.type === `${PROBLEM_PREFIX}${name}`;
  }
}

/** The server could not be reached (no HTTP answer at all). An abort is not this: it is rethrown as is. */
export class TasksNetworkError extends Error {
  constructor(cause: unknown) {
    super("Could not reach the server", { cause });
    this.name = "TasksNetworkError";
  }
}

// The media type decides, then the shape is checked enough that `problem.type` can be
// trusted to be a string: a proxy's error page must not pass for a problem.
function isProblemResponse(response: Response, body: unknown): body is Problem {
  const mediaType = response.headers.get("content-type")?.split(";")[0]?.trim();
  return (
    mediaType === "application/problem+json" &&
    typeof body === "object" &&
    body !== null &&
    typeof (body as { type?: unknown }).type === "string" &&
    typeof (body as { title?: unknown }).title === "string"
  );
}

function isAuthError(body: unknown): body is AuthError {
  return typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string";
}
