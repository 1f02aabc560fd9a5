import { AppError, codeOf } from "@/lib/errors";
import { errorChain, errorFields, messageOfCode } from "@/lib/observability/error-fields";
import { logger } from "@/lib/observability/logger";
import { COUNTER_STORE_UNAVAILABLE } from "@/lib/rate-limit/counters";

// PostgreSQL SQLSTATEs that mean "the database is not there right now" rather than a bug.
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
  "57014", // query_canceled (statement_timeout)
  "25P03", // idle_in_transaction_session_timeout
  "57P05", // idle_session_timeout
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);
const UNAVAILABLE_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "DB_NOT_READY", // db/client.ts: the first-use migrations did not finish in time
]);
// Two writes that met: PostgreSQL rolled one back whole (a deadlock between an upload and a
// list's transfer, two renames of tags crossing). Nothing of it was written; it may be sent again.
const WRITE_CONFLICT_SQLSTATES = new Set([
  "40P01", // deadlock_detected
  "40001", // serialization_failure
]);
const STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
// db/pool-gate.ts: every connection busy, and the queue full or the wait too long.
const BUSY_CODES = new Set(["DB_QUEUE_FULL", "DB_QUEUE_TIMEOUT"]);

/**
 * Maps anything thrown to the problem the client should see; unknown errors become 500.
 * Logged: a database that is away or busy at warn (its code, and the message that goes
 * with that code, which holds no data), anything unexpected at error (class, code,
 * statement name, stack frames: never a message that could hold SQL parameters).
 */
export function toAppError(error: unknown, requestId?: string): AppError {
  if (error instanceof AppError) return error;
  // Drizzle wraps driver errors (DrizzleQueryError.cause); postgres.js and PGlite put the
  // SQLSTATE or the socket error in `code`.
  const code = codeOf(error);
  // tasks.user_id -> users.id: the caller's account was deleted while its token lives on.
  if (code === "23503") return new AppError("unauthorized", "The account behind these credentials no longer exists.");
  if (code && BUSY_CODES.has(code)) {
    logUnavailable("database busy", error, code, requestId);
    return new AppError("unavailable", "The database is busy; try again shortly.");
  }
  if (code && WRITE_CONFLICT_SQLSTATES.has(code)) {
    logUnavailable("write conflict", error, code, requestId);
    return new AppError("conflict", "This change met another one made at the same moment and was not applied; send it again.");
  }
  // Redis did not answer (lib/rate-limit/counters.ts). Its own words, so that an operator
  // looking at the 503 is not sent to the database (and no client learns it is Redis).
  if (code === COUNTER_STORE_UNAVAILABLE) {
    logUnavailable("rate-limit store unavailable", error, code, requestId);
    return new AppError("unavailable", "The rate-limit store is not answering; try again shortly.");
  }
  // The attachments' S3 store failed (lib/attachments/object-store.ts).
  if (code === STORE_UNAVAILABLE) {
    logUnavailable("attachment store unavailable", error, code, requestId);
    return new AppError("unavailable", "The file store is not answering; try again shortly.");
  }
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) {
    logUnavailable("database unavailable", error, code, requestId);
    return new AppError("unavailable", "The database is not answering; try again shortly.");
  }
  logger().error({ requestId, ...errorFields(error) }, "unexpected error");
  return new AppError("internal");
}

function logUnavailable(msg: string, error: unknown, code: string, requestId: string | undefined): void {
  const { errors, statement } = errorChain(error);
  logger().warn({ requestId, code, reason: messageOfCode(error, code), errors, statement }, msg);
}
