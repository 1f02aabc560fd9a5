import { causes } from "@/lib/errors";
import { statementName } from "./statement-name";

// What a log line may say about an error: its class, its code, the statement it came from
// and where it was thrown, never its message. Messages carry data: Drizzle's holds the SQL
// and every parameter ("params: alice@example.com,..."), PostgreSQL's quote values
// ('invalid input syntax for type uuid: "..."'), JSON.parse's a piece of the body.

export type ErrorFields = {
  /** The class of the error and of each cause: ["DrizzleQueryError", "PostgresError"]. */
  errors: string[];
  /** The first SQLSTATE, driver or app code along the causes ("57014", "ECONNREFUSED", "DB_QUEUE_FULL"). */
  code?: string;
  /** The statement's name (lib/observability/statement-name.ts), when a query failed. */
  statement?: string;
  /** Stack frames of the outermost error, without its message line. */
  stack?: string;
  /** A message, only from JavaScript's own bugs (TypeError, RangeError, ReferenceError) that carry no code. */
  message?: string;
};

// Thrown by the engine for a programming error: their messages name code, not data.
const BUG_CLASSES = new Set<unknown>([TypeError, RangeError, ReferenceError]);

/** Class, code and statement along the causes: cheap, for the errors that come in floods (503s). */
export function errorChain(error: unknown): ErrorFields {
  // Something thrown that is not an Error (a string, null...): only its type.
  if (!(error instanceof Error)) return { errors: [error === null ? "null" : typeof error] };
  const fields: ErrorFields = { errors: [] };
  for (const e of causes(error)) {
    if (!(e instanceof Error)) break;
    const { code, query, params } = e as { code?: unknown; query?: unknown; params?: unknown };
    // Drizzle's DrizzleQueryError keeps the name "Error", and instanceof fails across
    // Next's route bundles (each has its own copy of drizzle-orm): known by its shape.
    fields.errors.push(e.name === "Error" && typeof query === "string" && Array.isArray(params) ? "DrizzleQueryError" : e.name);
    if (fields.code === undefined && typeof code === "string") fields.code = code;
    if (fields.statement === undefined && typeof query === "string") fields.statement = statementName(query);
  }
  return fields;
}

/** errorChain, plus the stack frames, and the message of an engine-thrown bug. */
export function errorFields(error: unknown): ErrorFields {
  const fields = errorChain(error);
  if (error instanceof Error) {
    const frames = framesOf(error);
    if (frames) fields.stack = frames;
    if (BUG_CLASSES.has(error.constructor) && (error as { code?: unknown }).code === undefined) fields.message = error.message;
  }
  return fields;
}

// The "    at ..." lines after the message: a message may itself hold lines that look like
// frames (a parameter "\n    at x" in Drizzle's), so only what follows it is read, and
// nothing when the message is not found where it should be.
function framesOf(error: Error): string | undefined {
  const stack = error.stack;
  if (typeof stack !== "string") return undefined;
  const end = error.message === "" ? 0 : stack.indexOf(error.message);
  if (end < 0) return undefined;
  const frames = stack
    .slice(end + error.message.length)
    .split("\n")
    .filter((line) => line.startsWith("    at "));
  return frames.length ? frames.join("\n") : undefined;
}

/**
 * The message of the error that carries `code`, for the codes whose messages are known to
 * hold no data (our own pool and startup errors, PostgreSQL's connection and timeout
 * errors, socket errors): "canceling statement due to statement timeout".
 */
export function messageOfCode(error: unknown, code: string): string | undefined {
  for (const e of causes(error)) {
    if (!(e instanceof Error)) break;
    if ((e as { code?: unknown }).code === code) return e.message;
  }
  return undefined;
}
